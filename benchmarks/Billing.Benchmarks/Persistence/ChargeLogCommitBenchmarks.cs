using BenchmarkDotNet.Attributes;
using Billing.Core.Journal;
using Billing.Persistence;
using Billing.Persistence.Journal;

namespace Billing.Benchmarks.Persistence;

/// <summary>
/// One group commit of the charge log on a SQLite file: <see cref="IChargeJournal.AppendAsync"/> of a batch of
/// <see cref="RecordsPerCommit"/> records, awaited before the next, so every operation is exactly one transaction and one
/// fsync of the write-ahead log (synchronous = FULL). What a commit costs beyond its fsync is what delays every charge a
/// strict channel acknowledges.
/// </summary>
[MemoryDiagnoser]
public class ChargeLogCommitBenchmarks
{
    private const string Signature = "5f8a0c1e9d3b7a6f4e2c1b0a9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c1b";

    private TemporarySqliteStore _store = null!;
    private IChargeJournal _journal = null!;
    private ChargeRecord[] _batch = null!;
    private long _position;

    [Params(1, 16)]
    public int RecordsPerCommit { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = await TemporarySqliteStore.CreateAsync();
        _journal = ChargeJournals.For(StorageProvider.Sqlite, _store.ConnectionString);
        _batch = new ChargeRecord[RecordsPerCommit];
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await ((IAsyncDisposable)_journal).DisposeAsync();
        _store.Dispose();
    }

    [Benchmark]
    public Task Commit()
    {
        // Each record is a new charge of its own channel, as a burst from many channels is; positions never repeat, so
        // every row is inserted (none is skipped as a replay).
        for (var i = 0; i < _batch.Length; i++)
        {
            var position = (UInt128)(ulong)++_position * 1_000;
            _batch[i] = new ChargeRecord($"0x{i:x64}", $"req-{_position}", ChargeKind.Call, 1_000, position, DateTimeOffset.UtcNow)
            {
                Sequence = _position,
                VoucherAmount = position,
                VoucherSignature = Signature,
                SignedMaxClaimable = position,
                Ceiling = 1_000,
                ExactSubUnits = 1_000_000_000,
            };
        }

        return _journal.AppendAsync(_batch);
    }
}
