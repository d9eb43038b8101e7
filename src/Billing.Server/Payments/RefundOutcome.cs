using Billing.Abstractions.Channels;
using Billing.Core.Limits;

namespace Billing.Server.Payments;

/// <summary>A refund's transaction and amount, or why it was refused (an x402 reason, or the channel's own refusal).</summary>
public sealed record RefundOutcome(string? Transaction, UInt128 Amount, string? Reason, string? Message, ChannelView? Channel)
{
    public PaymentRejection Rejection { get; private init; }

    /// <summary>Set when the payer's budget of on-chain operations is spent: answered with 429, not an x402 reason.</summary>
    public RateDecision? Throttle { get; private init; }

    public bool Succeeded => Reason is null && Rejection == PaymentRejection.None && Throttle is null;

    public static RefundOutcome Throttled(RateDecision decision, ChannelView? channel) =>
        new(null, UInt128.Zero, null, null, channel) { Throttle = decision };

    public static RefundOutcome Refused(string reason, string message, ChannelView? channel) => new(null, UInt128.Zero, reason, message, channel);

    public static RefundOutcome Refused(PaymentRejection rejection, ChannelView? channel) =>
        new(null, UInt128.Zero, null, null, channel) { Rejection = rejection };
}
