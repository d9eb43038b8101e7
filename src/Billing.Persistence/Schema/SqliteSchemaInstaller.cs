using System.Globalization;
using Billing.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Billing.Persistence.Schema;

/// <summary>Switches the database file to WAL and applies the SQLite scripts in one immediate transaction.</summary>
internal static class SqliteSchemaInstaller
{
    public static async Task ApplyAsync(string connectionString, IReadOnlyList<SchemaScript> scripts, CancellationToken cancellationToken)
    {
        var step = "opening the database";
        try
        {
            SqliteStorageLocation.EnsureFolderExists(connectionString);
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);

            // WAL lets readers proceed while a grain writes and makes each commit one append to the log. The mode is
            // kept in the database file, and SQLite refuses to change it inside a transaction, so it is set first.
            step = "switching to WAL";
            await using (var walCommand = new SqliteCommand("PRAGMA journal_mode = WAL;", connection))
            {
                var mode = Convert.ToString(await walCommand.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new StorageMigrationException(
                        $"SQLite kept journal mode '{mode}' instead of WAL; the billing store needs a database file on a local disk.");
                }
            }

            // BeginTransaction takes the write lock at once (BEGIN IMMEDIATE): a second migrator waits here, up to the
            // busy timeout, instead of failing half-way through the scripts.
            step = "taking the write lock";
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            step = "checking the charge journal's key";
            var rekeyJournal = await HasThreeColumnJournalKeyAsync(connection, transaction, cancellationToken);
            if (rekeyJournal)
            {
                // SQLite cannot change a primary key in place: the table is rebuilt under its new key, rows and all.
                await ExecuteAsync(connection, transaction, $"ALTER TABLE BillingChargeJournal RENAME TO {ThreeColumnJournal};", cancellationToken);
            }

            foreach (var script in scripts)
            {
                step = $"applying {script.Name}";
                await using var command = new SqliteCommand(script.Text, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            if (rekeyJournal)
            {
                step = "moving the charge journal to its new key";
                await ExecuteAsync(
                    connection, transaction, $"INSERT INTO BillingChargeJournal SELECT * FROM {ThreeColumnJournal}; DROP TABLE {ThreeColumnJournal};", cancellationToken);
            }

            step = "committing";
            await transaction.CommitAsync(cancellationToken);
        }
        catch (SqliteException exception)
        {
            throw new StorageMigrationException(
                $"SQLite schema migration failed while {step}: error {exception.SqliteErrorCode}, {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StorageMigrationException($"SQLite schema migration failed while {step}: {exception.Message}", exception);
        }
    }

    private const string ThreeColumnJournal = "BillingChargeJournal_ThreeColumnKey";

    /// <summary>
    /// Journals created before a charge's position was part of the key were keyed by (channel, request, kind) only, which
    /// dropped the row of a new charge under a request id the ledger had forgotten.
    /// </summary>
    private static async Task<bool> HasThreeColumnJournalKeyAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand("SELECT COUNT(*) FROM pragma_table_info('BillingChargeJournal') WHERE pk > 0;", connection, transaction);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 3;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
