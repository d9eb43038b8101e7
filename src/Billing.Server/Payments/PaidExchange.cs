using System.Globalization;
using Billing.Abstractions.Channels;
using Billing.Abstractions.Usage;

namespace Billing.Server.Payments;

/// <summary>
/// A request whose voucher the channel accepted and whose ceiling it reserved: what a <see cref="MeteredExchange"/> needs
/// to commit or void it and to tell the payer what it paid.
/// </summary>
public sealed class PaidExchange
{
    /// <summary>Atomic units charged by this request (the reserved ceiling on a receipt sent before the charge is known).</summary>
    public const string ChargedHeader = "X-Billing-Charged";

    /// <summary>The channel's balance not yet charged, after this request (or after its reservation, for a stream).</summary>
    public const string RemainingBalanceHeader = "X-Billing-Remaining-Balance";

    /// <summary>Present on streamed responses: the ceiling reserved; the final charge follows in the stream.</summary>
    public const string ReservedHeader = "X-Billing-Reserved";

    private readonly IChannelGrain _channel;
    private readonly ReservationLease _lease;
    private readonly Offer _offer;
    private readonly string _receiptHeader;
    private readonly string _network;
    private readonly string _payer;
    private readonly DepositOutcome? _deposit;

    internal PaidExchange(
        HttpContext context,
        IChannelGrain channel,
        ReservationLease lease,
        string requestId,
        Offer offer,
        string receiptHeader,
        string network,
        string payer,
        DepositOutcome? deposit,
        ChannelView? reserved)
    {
        Context = context;
        _channel = channel;
        _lease = lease;
        RequestId = requestId;
        _offer = offer;
        _receiptHeader = receiptHeader;
        _network = network;
        _payer = payer;
        _deposit = deposit;
        Reserved = reserved;
    }

    public HttpContext Context { get; }

    public string RequestId { get; }

    /// <summary>The channel as the reservation left it.</summary>
    public ChannelView? Reserved { get; }

    /// <summary>Commits the charge, through a silo failure meanwhile (<see cref="ReservationLease.CommitAsync"/>).</summary>
    public ValueTask<PaymentDecision> CommitAsync(MeteredCharge charge) => _lease.CommitAsync((grain, id) => grain.CommitMetered(id, charge));

    public ValueTask<PaymentDecision> VoidAsync() => _channel.Void(RequestId);

    /// <summary>The receipt of a committed charge, with the plain billing headers beside it.</summary>
    public void AddReceipt(PaymentDecision committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        PaymentReplies.AddReceipt(Context, _receiptHeader, _network, _payer, committed.Charged, committed.Channel!, _deposit);
        Context.Response.Headers[ChargedHeader] = committed.Charged.ToString(CultureInfo.InvariantCulture);
        Context.Response.Headers[RemainingBalanceHeader] = Remaining(committed.Channel!).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The receipt a stream carries before its body: it can only state the reserved ceiling as the charge, and the charged
    /// total as it will be at most. The stream's last event states the actual charge.
    /// </summary>
    public void AddReservationReceipt(UInt128 ceiling)
    {
        if (Reserved is not { } channel)
        {
            return;
        }

        var atMost = channel with { ChargedCumulative = channel.ChargedCumulative + ceiling };
        PaymentReplies.AddReceipt(Context, _receiptHeader, _network, _payer, ceiling, atMost, _deposit);
        Context.Response.Headers[ReservedHeader] = ceiling.ToString(CultureInfo.InvariantCulture);
        Context.Response.Headers[RemainingBalanceHeader] = Remaining(atMost).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Answers a commit the channel refused with the route's offer, as the middleware does.</summary>
    public Task RefuseAsync(PaymentDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var (reason, status, message) = RejectionReasons.For(decision.Rejection);
        var corrective = RejectionReasons.IsCorrective(decision.Rejection) ? decision.Channel : null;
        return PaymentReplies.ChallengeAsync(Context, _offer, reason, message, status, corrective);
    }

    public static UInt128 Remaining(ChannelView channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Balance > channel.ChargedCumulative ? channel.Balance - channel.ChargedCumulative : UInt128.Zero;
    }
}
