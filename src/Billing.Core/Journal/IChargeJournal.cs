namespace Billing.Core.Journal;

/// <summary>
/// The append-only record of every committed charge, kept beside grain state in the billing store. Channel grains append;
/// reconciliation and the ledger export read.
/// </summary>
public interface IChargeJournal
{
    /// <summary>
    /// Appends <paramref name="charges"/> in one statement. Idempotent per (channel id, request id, kind): a row already present is
    /// kept as it is, so a retried flush or a replayed request cannot record a charge twice.
    /// </summary>
    Task AppendAsync(IReadOnlyList<ChargeRecord> charges, CancellationToken cancellationToken = default);

    /// <summary>Every row, ordered by channel id and then by position on the channel (oldest first). Streams; never buffers all.</summary>
    IAsyncEnumerable<ChargeRecord> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>One channel's rows, oldest first.</summary>
    IAsyncEnumerable<ChargeRecord> ReadChannelAsync(string channelId, CancellationToken cancellationToken = default);
}
