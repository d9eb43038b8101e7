using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Billing.Persistence.Sqlite;

/// <summary>
/// Lets one write at a time into a SQLite database from this process; the others wait asynchronously.
/// </summary>
/// <remarks>
/// SQLite has one writer per database file. Without the gate, concurrent grain turns that write state or append to
/// the charge journal meet the file's lock, and Microsoft.Data.Sqlite retries a busy statement by sleeping the calling
/// thread (a thread-pool thread, inside a grain turn) until the busy timeout. Queued on the gate they cost no thread
/// while they wait, and each gets the lock at once when its turn comes; the busy timeout is left for other processes
/// that open the same file. Reads do not take the gate: in WAL mode they never wait for a writer.
/// </remarks>
internal sealed class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _writer = new(1, 1);

    private SqliteWriteGate()
    {
    }

    /// <summary>The gate of the database a connection string names: every connection string naming the file shares it.</summary>
    public static SqliteWriteGate For(string connectionString) => Gates.GetOrAdd(DatabaseKey(connectionString), _ => new SqliteWriteGate());

    public async Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            _writer.Release();
        }
    }

    public Task WriteAsync(Func<Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        return WriteAsync(async () =>
        {
            await write();
            return true;
        }, cancellationToken);
    }

    private static string DatabaseKey(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;

        // A file is one database however it is named; anything else (":memory:", a "file:" URI) is keyed as written.
        return string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal)
            ? dataSource
            : Path.GetFullPath(dataSource);
    }
}
