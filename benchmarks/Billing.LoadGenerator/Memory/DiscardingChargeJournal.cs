using Billing.Core.Journal;

namespace Billing.LoadGenerator.Memory;

/// <summary>
/// A charge journal that keeps nothing, for the memory scenario: what the silo holds per channel is the subject, and a
/// real journal's rows live in the database, not in the silo.
/// </summary>
public sealed class DiscardingChargeJournal : IChargeJournal
{
    public Task AppendAsync(IReadOnlyList<ChargeRecord> charges, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public IAsyncEnumerable<ChargeRecord> ReadAllAsync(CancellationToken cancellationToken = default) => AsyncEnumerable.Empty<ChargeRecord>();

    public IAsyncEnumerable<ChargeRecord> ReadChannelAsync(string channelId, CancellationToken cancellationToken = default) =>
        AsyncEnumerable.Empty<ChargeRecord>();

    public IAsyncEnumerable<ChargeRecord> ReadChannelAsync(string channelId, long afterSequence, CancellationToken cancellationToken = default) =>
        AsyncEnumerable.Empty<ChargeRecord>();
}
