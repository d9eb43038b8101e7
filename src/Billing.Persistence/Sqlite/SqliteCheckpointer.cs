using Microsoft.Data.Sqlite;

namespace Billing.Persistence.Sqlite;

/// <summary>
/// Copies a SQLite file's write-ahead log into the database in the background, so that no commit has to.
/// </summary>
/// <remarks>
/// By default SQLite checkpoints inside whichever commit takes the log past 1,000 pages: that commit then writes the
/// pages back and syncs the database file before it returns, and every charge waiting on the group commit waits too.
/// (Measured: moving it here did not change the strict tail on a 2-core machine; it removes a stall that grows with
/// the log, see benchmarks/README.md.) The charge log's writers turn that off on their connections
/// (<c>PRAGMA wal_autocheckpoint = 0</c>) and this loop runs a PASSIVE checkpoint every interval instead, which never
/// takes the write lock: commits go on while it copies, and the log restarts from its beginning at the first commit after
/// a complete checkpoint. A failed checkpoint is tried again at the next interval; the log only grows meanwhile.
/// </remarks>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>Short enough that the log stays far below 1,000 pages at thousands of charges a second.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    private readonly string _connectionString;
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;

    public SqliteCheckpointer(string connectionString, TimeSpan interval)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        _timer = new PeriodicTimer(interval);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Checkpoints that copied the whole log.</summary>
    public long Completed { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _timer.Dispose();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    if (Checkpoint())
                    {
                        Completed++;
                    }
                }
                catch (SqliteException)
                {
                    // Busy or an I/O error: nothing is lost, the log waits for the next attempt.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>True when the whole log was copied (no reader held an older snapshot of part of it).</summary>
    private bool Checkpoint()
    {
        // Microsoft.Data.Sqlite executes synchronously: this runs on the loop's pool thread, never on a grain's.
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();

        // One row: busy flag, frames in the log, frames copied.
        return reader.Read() && reader.GetInt64(0) == 0 && reader.GetInt64(1) == reader.GetInt64(2);
    }
}
