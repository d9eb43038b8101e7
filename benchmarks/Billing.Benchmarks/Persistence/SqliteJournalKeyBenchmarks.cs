using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace Billing.Benchmarks.Persistence;

/// <summary>
/// What the charge journal's key costs a group commit on SQLite: one commit of <see cref="Records"/> rows from as many
/// channels (as a burst is), on a held connection in WAL mode with synchronous = FULL, into the journal keyed as it was
/// (ChannelId, RequestId, Kind, CumulativeCharged) beside a (ChannelId, Sequence) index, against the journal as it is,
/// one key leading with (ChannelId, Sequence). Each table has its own file, primed with the same rows, so every row a
/// commit inserts lands on its channel's leaves of each index, as it does in a running store. The WAL frames a commit
/// writes (all of them synced before a strict charge is acknowledged) are printed at the end.
/// </summary>
[MemoryDiagnoser]
public class SqliteJournalKeyBenchmarks
{
    private const int Channels = 64;
    private const int PrimedRowsPerChannel = 2_000;

    private const string Columns =
        "ChannelId TEXT NOT NULL, RequestId TEXT NOT NULL, Kind TEXT NOT NULL, Amount TEXT NOT NULL, CumulativeCharged TEXT NOT NULL, "
        + "ChargedAt TEXT NOT NULL, Sequence INTEGER NOT NULL, VoucherAmount TEXT NOT NULL, VoucherSignature TEXT NULL, SignedMaxClaimable TEXT NOT NULL";

    private const string EarlierSchema =
        $"CREATE TABLE Journal ({Columns}, PRIMARY KEY (ChannelId, RequestId, Kind, CumulativeCharged)) STRICT; "
        + "CREATE INDEX IX_Journal_Sequence ON Journal (ChannelId, Sequence);";

    private const string CurrentSchema = $"CREATE TABLE Journal ({Columns}, PRIMARY KEY (ChannelId, Sequence, RequestId, Kind, CumulativeCharged)) STRICT;";

    private static readonly string Signature = new('a', 130);

    private Journal _earlier = null!;
    private Journal _current = null!;

    [Params(1, 16, 64)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _earlier = new Journal(EarlierSchema, "ON CONFLICT (ChannelId, RequestId, Kind, CumulativeCharged) DO NOTHING");
        _current = new Journal(CurrentSchema, "ON CONFLICT (ChannelId, Sequence, RequestId, Kind, CumulativeCharged) DO NOTHING");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // BenchmarkDotNet runs each benchmark in a process of its own: the journal that committed here is the one to report.
        foreach (var (name, journal) in new[] { ("earlier key", _earlier), ("current key", _current) })
        {
            if (journal.Commits > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// WAL frames per commit of {Records} records, {name}: {journal.FramesPerCommit:F1}"));
            }
        }

        _earlier.Dispose();
        _current.Dispose();
        SqliteConnection.ClearAllPools();
    }

    [Benchmark(Baseline = true)]
    public void EarlierKey() => _earlier.Commit(Records);

    [Benchmark]
    public void CurrentKey() => _current.Commit(Records);

    /// <summary>One journal table in a file of its own, with its held connection and kept insert.</summary>
    private sealed class Journal : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("billing-bench-key-").FullName;
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _insert;
        private readonly long[] _sequences = new long[Channels];
        private readonly long _primedWalBytes;
        private long _commits;
        private int _next;

        public Journal(string schema, string conflict)
        {
            _connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "journal.db")}");
            _connection.Open();
            Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;");
            Execute(schema);
            _insert = _connection.CreateCommand();
            _insert.CommandText =
                "INSERT INTO Journal (ChannelId, RequestId, Kind, Amount, CumulativeCharged, ChargedAt, Sequence, VoucherAmount, VoucherSignature, "
                + $"SignedMaxClaimable) VALUES (@c, @r, 'call', '1000', @s, '2026-12-08T00:00:00.0000000Z', @q, @s, @g, @s) {conflict};";
            foreach (var name in new[] { "@c", "@r", "@s", "@q", "@g" })
            {
                _insert.Parameters.Add(new SqliteParameter(name, ""));
            }

            // Channels with a history, so that a commit meets index leaves where a running store has them.
            using (var transaction = _connection.BeginTransaction())
            {
                _insert.Transaction = transaction;
                for (var row = 0; row < Channels * PrimedRowsPerChannel; row++)
                {
                    Bind(row % Channels);
                    _insert.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            Execute("PRAGMA wal_checkpoint(TRUNCATE);");
            _primedWalBytes = new FileInfo(Path.Combine(_directory, "journal.db-wal")).Length;
        }

        public long Commits => _commits;

        public double FramesPerCommit =>
            _commits == 0 ? 0 : (new FileInfo(Path.Combine(_directory, "journal.db-wal")).Length - _primedWalBytes) / 4120.0 / _commits;

        public void Commit(int records)
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            for (var i = 0; i < records; i++)
            {
                Bind(_next++ % Channels);
                _insert.ExecuteNonQuery();
            }

            transaction.Commit();
            _commits++;
        }

        public void Dispose()
        {
            _insert.Dispose();
            _connection.Dispose();
            Directory.Delete(_directory, recursive: true);
        }

        // A random request id, as the payment middleware's are: in the earlier key it places the row at random in its channel.
        private void Bind(int channel)
        {
            var sequence = ++_sequences[channel];
            _insert.Parameters["@c"].Value = string.Create(CultureInfo.InvariantCulture, $"0x{channel:x64}");
            _insert.Parameters["@r"].Value = Guid.NewGuid().ToString("N");
            _insert.Parameters["@s"].Value = (sequence * 1_000).ToString(CultureInfo.InvariantCulture);
            _insert.Parameters["@q"].Value = sequence;
            _insert.Parameters["@g"].Value = Signature;
        }

        private void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
