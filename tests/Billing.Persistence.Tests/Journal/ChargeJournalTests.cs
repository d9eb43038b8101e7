using Billing.Core.Journal;
using Billing.Persistence.Journal;
using Billing.Persistence.Schema;
using Billing.Persistence.Sqlite;
using Billing.Persistence.Tests.Infrastructure;

namespace Billing.Persistence.Tests.Journal;

/// <summary>The charge journal against a real, freshly migrated database of each engine.</summary>
public abstract class ChargeJournalTests
{
    private const string ChannelA = "0xaaaa000000000000000000000000000000000000000000000000000000000001";
    private const string ChannelB = "0xbbbb000000000000000000000000000000000000000000000000000000000002";
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 30, 15, 123, TimeSpan.Zero);

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task Appended_rows_read_back_exactly_in_channel_and_position_order()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);
        var huge = UInt128.MaxValue - 5;
        ChargeRecord[] rows =
        [
            new(ChannelB, "b-1", ChargeKind.Call, 7, 7, At),
            new(ChannelA, "a-2", ChargeKind.Metered, 90, 100, At.AddSeconds(1), "model \"x\", v2", 1_200, 345),
            new(ChannelA, "a-1", ChargeKind.Call, 10, 10, At),
            new(ChannelA, "a-3", ChargeKind.CatchUp, huge - 100, huge, At.AddSeconds(2)),
        ];

        await journal.AppendAsync(rows);

        var read = await ToListAsync(journal.ReadAllAsync());
        // Positions 10 < 100 < huge sort numerically, not as text ("10" < "100" < "3402...": a text sort would agree here
        // only by accident, so the huge value is what proves it).
        Assert.Equal([rows[2], rows[1], rows[3], rows[0]], read);
        Assert.Equal([rows[0]], await ToListAsync(journal.ReadChannelAsync(ChannelB)));
    }

    [Fact]
    public async Task Positions_sort_numerically_where_text_order_would_differ()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);
        await journal.AppendAsync([
            new ChargeRecord(ChannelA, "r-9", ChargeKind.Call, 9, 9, At),
            new ChargeRecord(ChannelA, "r-11", ChargeKind.Call, 2, 11, At),
            new ChargeRecord(ChannelA, "r-100", ChargeKind.Call, 89, 100, At),
        ]);

        var positions = (await ToListAsync(journal.ReadChannelAsync(ChannelA))).Select(r => r.CumulativeCharged).ToList();

        Assert.Equal([(UInt128)9, 11, 100], positions);
    }

    [Fact]
    public async Task A_request_id_appended_again_is_not_recorded_twice_and_the_first_row_is_kept()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);
        var first = new ChargeRecord(ChannelA, "req-1", ChargeKind.Call, 10, 10, At);
        await journal.AppendAsync([first]);

        // A retried flush, and a replay at the same position that (wrongly) carries another amount: neither may add or
        // change a row.
        await journal.AppendAsync([first, new ChargeRecord(ChannelA, "req-2", ChargeKind.Call, 5, 15, At)]);
        await journal.AppendAsync([first with { Amount = 999 }]);

        var read = await ToListAsync(journal.ReadChannelAsync(ChannelA));
        Assert.Equal(["req-1", "req-2"], read.Select(r => r.RequestId));
        Assert.Equal(first, read[0]);
        Assert.Equal(2L, Convert.ToInt64(await database.ScalarAsync("SELECT COUNT(*) FROM BillingChargeJournal"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_request_id_used_again_for_a_new_charge_at_a_later_position_gets_its_own_row()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);
        var first = new ChargeRecord(ChannelA, "req-1", ChargeKind.Call, 10, 10, At);
        var later = new ChargeRecord(ChannelA, "req-1", ChargeKind.Call, 10, 530, At.AddMinutes(5));

        await journal.AppendAsync([first]);
        await journal.AppendAsync([later]);
        await journal.AppendAsync([later]);

        Assert.Equal([first, later], await ToListAsync(journal.ReadChannelAsync(ChannelA)));
    }

    [Fact]
    public async Task The_same_request_id_may_carry_a_catch_up_row_beside_its_own_charge()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);

        await journal.AppendAsync([
            new ChargeRecord(ChannelA, "req-7", ChargeKind.CatchUp, 30, 30, At),
            new ChargeRecord(ChannelA, "req-7", ChargeKind.Call, 10, 40, At),
        ]);

        Assert.Equal([ChargeKind.CatchUp, ChargeKind.Call], (await ToListAsync(journal.ReadChannelAsync(ChannelA))).Select(r => r.Kind));
    }

    [Fact]
    public async Task A_flush_larger_than_one_statement_lands_whole()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);
        var rows = Enumerable.Range(1, 1_234)
            .Select(i => new ChargeRecord(ChannelA, $"req-{i}", ChargeKind.Call, 3, (UInt128)(3 * i), At))
            .ToList();

        await journal.AppendAsync(rows);

        var read = await ToListAsync(journal.ReadChannelAsync(ChannelA));
        Assert.Equal(rows, read);
    }

    [Fact]
    public async Task Nothing_to_append_touches_nothing()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);

        await journal.AppendAsync([]);

        Assert.Empty(await ToListAsync(journal.ReadAllAsync()));
    }

    [Fact]
    public async Task Rows_at_one_position_read_back_in_the_order_they_were_charged_not_by_request_id()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);

        // A call, then a metered charge that rounded to 0 units at the same position: sorted by request id the zero row
        // would come first and a running tally would see it at position 10 before anything was charged.
        var charged = new ChargeRecord(ChannelA, "z-call", ChargeKind.Call, 10, 10, At) { Sequence = 1 };
        var zero = new ChargeRecord(ChannelA, "a-embedding", ChargeKind.Metered, 0, 10, At.AddSeconds(1), "embed", 12, 0) { Sequence = 2 };
        var next = new ChargeRecord(ChannelA, "m-call", ChargeKind.Call, 5, 15, At.AddSeconds(2)) { Sequence = 3 };
        await journal.AppendAsync([next, zero, charged]);

        Assert.Equal([charged, zero, next], await ToListAsync(journal.ReadChannelAsync(ChannelA)));
        Assert.Equal([charged, zero, next], await ToListAsync(journal.ReadAllAsync()));
    }

    [Fact]
    public async Task Recovery_columns_round_trip_and_a_read_after_a_sequence_returns_only_the_later_rows_of_that_channel()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);
        var huge = UInt128.MaxValue - 1;
        var signature = Convert.ToHexStringLower(Enumerable.Range(0, 65).Select(i => (byte)i).ToArray());
        var rows = Enumerable.Range(1, 4)
            .Select(i => new ChargeRecord(ChannelA, $"req-{i}", ChargeKind.Metered, 7, (UInt128)(7 * i), At.AddSeconds(i), "m", 3, 4)
            {
                Sequence = i,
                VoucherAmount = huge - (UInt128)(4 - i),
                VoucherSignature = signature,
                SignedMaxClaimable = huge - 10,
                Ceiling = huge / 2,
                ExactSubUnits = huge - 3,
                CarriedSubUnits = 999_999,
            })
            .ToList();
        var other = new ChargeRecord(ChannelB, "b-1", ChargeKind.Call, 1, 1, At) { Sequence = 9 };
        await journal.AppendAsync([.. rows, other]);

        Assert.Equal(rows, await ToListAsync(journal.ReadChannelAsync(ChannelA)));
        Assert.Equal(rows[2..], await ToListAsync(journal.ReadChannelAsync(ChannelA, afterSequence: 2)));
        Assert.Empty(await ToListAsync(journal.ReadChannelAsync(ChannelA, afterSequence: 4)));
        Assert.Equal([other], await ToListAsync(journal.ReadChannelAsync(ChannelB, afterSequence: 0)));
    }

    [Fact]
    public async Task Appends_from_many_channels_queued_behind_a_commit_share_one_transaction()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);

        // Another writer holds the database: the log's first batch waits for it with whatever it took, and every later
        // append queues behind that batch. One commit per append would be 64 transactions; group commit makes at most two.
        var release = await HoldWritesAsync(database);
        var appends = Enumerable.Range(0, 64)
            .Select(i => new ChargeRecord($"0x{i:x64}", "req-1", ChargeKind.Call, 1, 1, At) { Sequence = 1 })
            .Select(row => journal.AppendAsync([row]))
            .ToList();
        Assert.DoesNotContain(appends, append => append.IsCompleted);
        await release();

        await Task.WhenAll(appends);

        Assert.Equal(64, (await ToListAsync(journal.ReadAllAsync())).Count);
        Assert.InRange(((SqlChargeJournal)journal).Commits, 1, 2);
    }

    [Fact]
    public async Task A_failed_batch_lands_nothing_and_the_next_batch_commits()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);
        var first = new ChargeRecord(ChannelA, "req-1", ChargeKind.Call, 10, 10, At) { Sequence = 1 };
        await journal.AppendAsync([first]);

        // A row the table refuses (no request id) fails its whole batch, the good row beside it included.
        var refused = new ChargeRecord(ChannelA, "req-2", ChargeKind.Call, 5, 15, At) { Sequence = 2 };
        await Assert.ThrowsAnyAsync<Exception>(() => journal.AppendAsync([refused, refused with { RequestId = null!, Sequence = 3 }]));

        // The writer's connection is replaced after a failure: what must not happen is every later charge failing with it.
        await journal.AppendAsync([refused]);

        Assert.Equal([first, refused], await ToListAsync(journal.ReadChannelAsync(ChannelA)));
        await ((IAsyncDisposable)journal).DisposeAsync();
    }

    /// <summary>Makes every write to the journal's table wait until the returned function is called.</summary>
    protected abstract Task<Func<Task>> HoldWritesAsync(TestDatabase database);

    protected async Task<TestDatabase> MigratedAsync()
    {
        var database = await CreateDatabaseAsync();
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        return database;
    }

    protected static async Task<List<ChargeRecord>> ToListAsync(IAsyncEnumerable<ChargeRecord> rows)
    {
        var list = new List<ChargeRecord>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }
}

public sealed class SqliteChargeJournalTests : ChargeJournalTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());

    // Writers of one file in this process take turns at its write gate: holding the gate holds them all.
    protected override Task<Func<Task>> HoldWritesAsync(TestDatabase database)
    {
        var release = new TaskCompletionSource();
        var held = SqliteWriteGate.For(database.ConnectionString).WriteAsync(() => release.Task);
        return Task.FromResult<Func<Task>>(async () =>
        {
            release.SetResult();
            await held;
        });
    }
}

public sealed class PostgreSqlChargeJournalTests : ChargeJournalTests
{
    private const string Channel = "0xcccc000000000000000000000000000000000000000000000000000000000003";

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();

    [Fact]
    public async Task The_log_writes_on_after_the_server_dropped_its_connection()
    {
        await using var database = await MigratedAsync();
        var journal = ChargeJournals.For(database.Provider, database.ConnectionString);
        var at = new DateTimeOffset(2026, 3, 1, 12, 30, 15, 123, TimeSpan.Zero);
        var first = new ChargeRecord(Channel, "req-1", ChargeKind.Call, 10, 10, at) { Sequence = 1 };
        await journal.AppendAsync([first]);

        // As a server restart or a failover does: every backend of the database but this one goes away between two
        // commits, the log's own among them. The pool forgets its idle ones; the log's connection is held, not pooled.
        var dropped = await database.ScalarAsync(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        Assert.InRange(Convert.ToInt64(dropped, System.Globalization.CultureInfo.InvariantCulture), 1, int.MaxValue);
        Npgsql.NpgsqlConnection.ClearAllPools();

        // The first commit after it may fail (its connection is gone); what must not happen is every later one failing.
        var second = new ChargeRecord(Channel, "req-2", ChargeKind.Call, 5, 15, at) { Sequence = 2 };
        var lost = await Record.ExceptionAsync(() => journal.AppendAsync([second]));
        var third = new ChargeRecord(Channel, "req-3", ChargeKind.Call, 5, lost is null ? 20u : 15u, at) { Sequence = lost is null ? 3 : 2 };
        await journal.AppendAsync([third]);

        var expected = lost is null ? new[] { first, second, third } : [first, third];
        Assert.Equal(expected, await ToListAsync(journal.ReadChannelAsync(Channel)));
        await ((IAsyncDisposable)journal).DisposeAsync();
    }

    // An EXCLUSIVE table lock admits readers and makes every insert wait until the transaction holding it ends.
    protected override async Task<Func<Task>> HoldWritesAsync(TestDatabase database)
    {
        var connection = await database.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "LOCK TABLE BillingChargeJournal IN EXCLUSIVE MODE";
            await command.ExecuteNonQueryAsync();
        }

        return async () =>
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        };
    }
}
