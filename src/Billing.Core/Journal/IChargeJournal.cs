namespace Billing.Core.Journal;

/// <summary>
/// The append-only log of every committed charge, kept beside grain state in the billing store: the source of truth for
/// what channels charged. Channel grains append; recovery, reconciliation and the ledger export read.
/// </summary>
public interface IChargeJournal
{
    /// <summary>
    /// Appends <paramref name="charges"/> and completes once they are durable. Appends from many channels are committed
    /// together (one transaction), in the order they were made; a failed commit fails every append it held. Idempotent per
    /// (channel id, request id, kind, position): a row already present is kept as it is, so a retried append or a replayed
    /// request cannot record a charge twice.
    /// </summary>
    Task AppendAsync(IReadOnlyList<ChargeRecord> charges, CancellationToken cancellationToken = default);

    /// <summary>Every row, ordered by channel id and then by the channel's commit order (oldest first). Streams; never buffers all.</summary>
    IAsyncEnumerable<ChargeRecord> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>One channel's rows, oldest first.</summary>
    IAsyncEnumerable<ChargeRecord> ReadChannelAsync(string channelId, CancellationToken cancellationToken = default);

    /// <summary>One channel's rows whose <see cref="ChargeRecord.Sequence"/> is above <paramref name="afterSequence"/>, oldest first.</summary>
    IAsyncEnumerable<ChargeRecord> ReadChannelAsync(string channelId, long afterSequence, CancellationToken cancellationToken = default);
}
