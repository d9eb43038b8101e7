using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Billing.Persistence;

/// <summary>Opens a connection to the billing database for the tables written beside grain state.</summary>
internal static class DurableConnection
{
    /// <summary>
    /// On SQLite the synchronous level is per connection: FULL syncs the log at each commit, so a row written here survives
    /// a power cut like the grain state does (see Sql/Sqlite/Persistence.sql). It is set by a command of its own, so that
    /// the row counts of the statements that follow are theirs alone.
    /// </summary>
    public static async Task<DbConnection> OpenAsync(StorageProvider provider, string connectionString, CancellationToken cancellationToken)
    {
        DbConnection connection = provider == StorageProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (provider == StorageProvider.Sqlite)
            {
                await using var pragma = connection.CreateCommand();
                // The charge log's checkpointer copies the write-ahead log back; no commit here does (SqliteCheckpointer).
                pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
