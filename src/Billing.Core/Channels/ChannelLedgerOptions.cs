namespace Billing.Core.Channels;

public sealed class ChannelLedgerOptions
{
    /// <summary>
    /// How long a reservation stays open without being renewed. The request holding it renews it while it runs (a lease),
    /// so only a reservation whose caller died or hung lapses, and it frees the channel after at most this long. Short,
    /// because a silo that dies mid-request (an inference call takes seconds) leaves its reservations to lapse: the
    /// channel answers <c>channel_busy</c> until then, and the official client cannot recover from that by itself. 10 s
    /// lapses about when membership evicts a dead silo at Orleans' default failure detection, and leaves a renewal every
    /// 3.3 s two misses before a live request loses its reservation (and a lapsed one is reopened while nothing took it).
    /// </summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// 1 is the official batch-settlement behaviour (`channel_busy` while a request is open). Above 1 is our extension: a
    /// voucher must then cover charged + every open ceiling + its own ceiling.
    /// </summary>
    public int MaxOpenReservations { get; set; } = 1;

    /// <summary>How many completed request ids are remembered for idempotent replies.</summary>
    public int RememberedRequests { get; set; } = 512;

    /// <summary>
    /// While the payer's withdrawal is pending, vouchers that spend escrow the withdrawal would take are accepted only until
    /// this long before it may finalize: enough for settlement to claim them (its interval, the receipt wait, confirmations).
    /// </summary>
    public TimeSpan WithdrawalClaimMargin { get; set; } = TimeSpan.FromMinutes(5);
}
