using Billing.Persistence.Sqlite;
using Billing.Persistence.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Billing.Persistence.Tests.Sqlite;

/// <summary>The write-ahead log is copied back by the checkpointer, never by a commit.</summary>
public sealed class SqliteCheckpointerTests
{
    private const int PageSize = 4_096;
    private const int Commits = 1_500; // past SQLite's own threshold of 1,000 pages

    [Fact]
    public async Task Commits_without_auto_checkpoint_leave_the_log_to_the_checkpointer_which_copies_it_back()
    {
        await using var database = new SqliteTestDatabase();
        Directory.CreateDirectory(database.DataFolder);
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        Execute(database, "PRAGMA journal_mode = WAL; CREATE TABLE t (v BLOB NOT NULL);");

        using (var writer = new SqliteConnection(database.ConnectionString))
        {
            writer.Open();
            Execute(writer, "PRAGMA wal_autocheckpoint = 0; PRAGMA synchronous = OFF;");
            for (var i = 0; i < Commits; i++)
            {
                Execute(writer, "INSERT INTO t VALUES (zeroblob(3000));");
            }
        }

        // No commit checkpointed: with SQLite's default, the log would have restarted at 1,000 pages and stayed that size.
        Assert.True(new FileInfo(file + "-wal").Length >= (long)Commits * PageSize, "a commit checkpointed the log");

        await using (var checkpointer = new SqliteCheckpointer(database.ConnectionString, TimeSpan.FromMilliseconds(50)))
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (checkpointer.Completed == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.True(checkpointer.Completed > 0, "no complete checkpoint in 10 s");
        }

        // Everything was copied into the database, so the next commit starts the log over from its beginning.
        Execute(database, "PRAGMA wal_autocheckpoint = 0; INSERT INTO t VALUES (zeroblob(10));");
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.InRange(reader.GetInt64(1), 1, 10);
        Assert.Equal(Commits + 1, Count(database));
    }

    private static long Count(SqliteTestDatabase database)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM t";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteTestDatabase database, string sql)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        Execute(connection, sql);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
