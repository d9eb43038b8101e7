namespace Billing.Core.Channels;

public sealed class ChannelLedgerOptions
{
    /// <summary>How long a reservation may stay open before it is voided (a handler that never finished).</summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// 1 is the official batch-settlement behaviour (`channel_busy` while a request is open). Above 1 is our extension: a
    /// voucher must then cover charged + every open ceiling + its own ceiling.
    /// </summary>
    public int MaxOpenReservations { get; set; } = 1;

    /// <summary>How many completed request ids are remembered for idempotent replies.</summary>
    public int RememberedRequests { get; set; } = 512;
}
