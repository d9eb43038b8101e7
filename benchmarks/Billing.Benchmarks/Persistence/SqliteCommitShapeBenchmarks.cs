using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace Billing.Benchmarks.Persistence;

/// <summary>
/// Why the charge log's writer holds its connection: one commit of <see cref="Records"/> journal rows on a SQLite file in
/// WAL mode with synchronous = FULL, written the way the writer used to (open a pooled connection, set the pragmas, parse
/// the insert, per commit) against the way it does now (one connection, pragmas once, the insert kept compiled). Same
/// table, same rows, one run. Each row lands on its channel's leaf of the journal's key (64 channels), as a burst
/// does; the WAL frames a commit writes are printed at the end (no checkpoint runs here, so the log only grows).
/// </summary>
[MemoryDiagnoser]
public class SqliteCommitShapeBenchmarks
{
    private const string Pragmas = "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;";
    private const string Insert =
        "INSERT INTO BillingChargeJournal (ChannelId, RequestId, Kind, Amount, CumulativeCharged, ChargedAt, Sequence, VoucherAmount, "
        + "VoucherSignature, SignedMaxClaimable) VALUES (@c, @r, 'call', '1000', @s, @t, @q, @s, @g, @s) "
        + "ON CONFLICT (ChannelId, Sequence, RequestId, Kind, CumulativeCharged) DO NOTHING;";

    private static readonly string Signature = new('a', 130);

    private TemporarySqliteStore _store = null!;
    private SqliteConnection _held = null!;
    private SqliteCommand _heldInsert = null!;
    private long _rows;
    private long _commits;

    [Params(1, 16, 64)]
    public int Records { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = await TemporarySqliteStore.CreateAsync();
        _held = new SqliteConnection(_store.ConnectionString);
        _held.Open();
        Execute(_held, Pragmas);
        _heldInsert = CreateInsert(_held);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var wal = _store.WriteAheadLog;
        if (wal.Exists && _commits > 0)
        {
            // A WAL frame is one page (4,096 bytes) and its 24-byte header.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// WAL frames per commit of {Records} records: {wal.Length / 4120.0 / _commits:F1}"));
        }

        _heldInsert.Dispose();
        _held.Dispose();
        SqliteConnection.ClearAllPools();
        _store.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void OpenPerCommit()
    {
        using var connection = new SqliteConnection(_store.ConnectionString);
        connection.Open();
        Execute(connection, Pragmas);
        using var insert = CreateInsert(connection);
        Commit(connection, insert);
    }

    [Benchmark]
    public void HeldConnection() => Commit(_held, _heldInsert);

    private void Commit(SqliteConnection connection, SqliteCommand insert)
    {
        using var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        for (var i = 0; i < Records; i++)
        {
            var row = ++_rows;
            insert.Parameters["@c"].Value = string.Create(CultureInfo.InvariantCulture, $"0x{row % 64:x64}");
            insert.Parameters["@r"].Value = string.Create(CultureInfo.InvariantCulture, $"req-{row}");
            insert.Parameters["@s"].Value = (row * 1_000).ToString(CultureInfo.InvariantCulture);
            insert.Parameters["@t"].Value = "2026-12-07T00:00:00.0000000Z";
            insert.Parameters["@q"].Value = row;
            insert.Parameters["@g"].Value = Signature;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        _commits++;
    }

    private static SqliteCommand CreateInsert(SqliteConnection connection)
    {
        var insert = connection.CreateCommand();
        insert.CommandText = Insert;
        foreach (var name in new[] { "@c", "@r", "@s", "@t", "@q", "@g" })
        {
            insert.Parameters.Add(new SqliteParameter(name, ""));
        }

        return insert;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
