using Billing.Core.Journal;
using Billing.Persistence.Journal;
using Billing.Persistence.Sqlite;
using Billing.Persistence.Tests.Grains;
using Billing.Persistence.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Billing.Persistence.Tests.Sqlite;

/// <summary>Many grains and journal appends writing one SQLite file at once, with the shortest busy timeout allowed.</summary>
public sealed class SqliteWriteContentionTests
{
    private const int Grains = 64;
    private const int WritesPerGrain = 3;
    private const int Appends = 32;
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Concurrent_state_writes_and_journal_appends_on_one_file_all_complete_without_a_busy_error()
    {
        // One second: a writer that had to wait on the file lock itself (not on the gate) would soon run out of it.
        await using var database = new SqliteTestDatabase(TimeSpan.FromSeconds(1));
        await using var cluster = await BillingTestCluster.DeployAsync(new BillingStorageOptions
        {
            Provider = StorageProvider.Sqlite,
            ConnectionString = database.ConnectionString,
        });
        var journal = ChargeJournals.For(StorageProvider.Sqlite, database.ConnectionString);
        var keys = Enumerable.Range(0, Grains).Select(i => $"ch-contention-{i}").ToArray();

        var stateWrites = keys.Select(async key =>
        {
            var grain = cluster.Client.GetGrain<ILedgerProbeGrain>(key);
            for (var write = 1; write <= WritesPerGrain; write++)
            {
                await grain.WriteAsync((UInt128)write, key);
            }
        });
        var journalAppends = Enumerable.Range(0, Appends).Select(i => journal.AppendAsync(
        [
            new ChargeRecord($"0x{i:x64}", "r-1", ChargeKind.Call, 5, 5, At),
            new ChargeRecord($"0x{i:x64}", "r-2", ChargeKind.Call, 7, 12, At),
        ]));
        var all = Task.WhenAll(stateWrites.Concat(journalAppends));
        var failure = await Record.ExceptionAsync(() => all);

        Assert.Null(failure); // in particular no SqliteException with SQLITE_BUSY (5) or SQLITE_LOCKED (6)
        foreach (var key in keys)
        {
            var row = await database.Rows.SingleAsync(key);
            Assert.Equal(WritesPerGrain, row.Version);
            Assert.Equal((UInt128)WritesPerGrain, StoreFixture.DecodePayload(row.PayloadBinary!).Committed);
        }

        var journaled = new List<ChargeRecord>();
        await foreach (var record in journal.ReadAllAsync())
        {
            journaled.Add(record);
        }

        Assert.Equal(Appends * 2, journaled.Count);
    }

    [Fact]
    public void Connection_strings_naming_one_file_share_one_gate_and_other_files_do_not()
    {
        var folder = Path.Combine(Path.GetTempPath(), "billing-persistence-tests", Guid.NewGuid().ToString("N"));
        var absolute = Path.Combine(folder, "billing.db");
        var roundabout = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "sub", "..", "billing.db"), DefaultTimeout = 5 };

        Assert.Same(SqliteWriteGate.For($"Data Source={absolute}"), SqliteWriteGate.For(roundabout.ToString()));
        Assert.NotSame(SqliteWriteGate.For($"Data Source={absolute}"), SqliteWriteGate.For($"Data Source={Path.Combine(folder, "other.db")}"));
    }
}
