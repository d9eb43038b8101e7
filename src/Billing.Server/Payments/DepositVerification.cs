using Billing.Core.Channels;

namespace Billing.Server.Payments;

/// <summary>
/// The verdict on a deposit before anything is sent: refused with an x402 reason, or valid, with the channel's confirmed
/// state before the deposit and the calldata that executes it.
/// </summary>
public sealed record DepositVerification
{
    private DepositVerification(string? reason, string? message, OnChainChannelSnapshot state, UInt128 amount, byte[] call)
    {
        Reason = reason;
        Message = message;
        State = state;
        Amount = amount;
        Call = call;
    }

    public string? Reason { get; }

    public string? Message { get; }

    public bool IsValid => Reason is null;

    /// <summary>The channel as it was confirmed on chain before this deposit.</summary>
    public OnChainChannelSnapshot State { get; }

    public UInt128 Amount { get; }

    /// <summary>deposit(config, amount, collector, collectorData), ready to send to the settlement contract.</summary>
    internal byte[] Call { get; }

    public static DepositVerification Refused(string reason, string message) => new(reason, message, default, UInt128.Zero, []);

    internal static DepositVerification Valid(OnChainChannelSnapshot state, UInt128 amount, byte[] call) => new(null, null, state, amount, call);
}
