using Billing.Persistence.Locks;
using Billing.Persistence.Tests.Infrastructure;

namespace Billing.Persistence.Tests.Locks;

/// <summary>A lock in the shared PostgreSQL database: one holder in the whole cluster, and none left behind by a dead one.</summary>
public sealed class DatabaseLockTests
{
    [Fact]
    public async Task A_second_holder_waits_until_the_first_releases()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync();
        var first = await DatabaseLock.AcquireAsync(database.ConnectionString, "sender:1", CancellationToken.None);

        var second = DatabaseLock.AcquireAsync(database.ConnectionString, "sender:1", CancellationToken.None);
        var other = await DatabaseLock.AcquireAsync(database.ConnectionString, "sender:2", CancellationToken.None);
        await Task.Delay(300);
        Assert.False(second.IsCompleted, "two holders of one lock at once");

        await first.DisposeAsync();
        await (await second.WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
        await other.DisposeAsync();
    }

    [Fact]
    public async Task A_lock_whose_holder_died_is_free_at_once()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync();
        var dead = await DatabaseLock.AcquireAsync(database.ConnectionString, "sender:1", CancellationToken.None);
        var waiting = DatabaseLock.AcquireAsync(database.ConnectionString, "sender:1", CancellationToken.None);
        await Task.Delay(300);

        // The holder's process dies: the server ends its session, never told to unlock. Only this database's holders: other
        // tests run beside this one on the same server, and their schema migrations hold advisory locks too.
        var terminated = await database.ScalarAsync(
            "SELECT COUNT(pg_terminate_backend(l.pid)) FROM pg_locks l "
            + "WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid() "
            + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())");
        Assert.Equal(1L, Convert.ToInt64(terminated, System.Globalization.CultureInfo.InvariantCulture));

        await (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
        await Assert.ThrowsAnyAsync<Exception>(async () => await dead.DisposeAsync());
    }

    [Fact]
    public async Task A_wait_given_up_holds_nothing()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync();
        var first = await DatabaseLock.AcquireAsync(database.ConnectionString, "sender:1", CancellationToken.None);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DatabaseLock.AcquireAsync(database.ConnectionString, "sender:1", giveUp.Token));
        await first.DisposeAsync();

        // What must not happen: the abandoned wait taking the lock later and keeping it.
        await (await DatabaseLock.AcquireAsync(database.ConnectionString, "sender:1", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
    }
}
