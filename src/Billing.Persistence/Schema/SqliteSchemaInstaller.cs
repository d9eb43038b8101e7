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
            step = "checking the charge journal's columns";
            var journalShape = await JournalShapeAsync(connection, transaction, cancellationToken);
            if (journalShape is not JournalShape.Current)
            {
                // SQLite cannot change a primary key or add checked columns in place: the table is rebuilt in its current
                // shape, rows and all.
                await ExecuteAsync(connection, transaction, $"ALTER TABLE BillingChargeJournal RENAME TO {EarlierJournal};", cancellationToken);
            }

            foreach (var script in scripts)
            {
                step = $"applying {script.Name}";
                await using var command = new SqliteCommand(script.Text, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            if (journalShape is not JournalShape.Current)
            {
                step = "moving the charge journal to its current shape";
                var move = journalShape == JournalShape.WithoutSequence ? NumberEarlierJournalRows : MoveEarlierJournalRows;
                await ExecuteAsync(connection, transaction, move, cancellationToken);
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

    private const string EarlierJournal = "BillingChargeJournal_Earlier";

    private const string EarlierColumns = "ChannelId, RequestId, Kind, Amount, CumulativeCharged, ChargedAt, Model, InputTokens, OutputTokens";

    private const string RecoveryColumns = "Sequence, VoucherAmount, VoucherSignature, SignedMaxClaimable, Ceiling, ExactSubUnits, CarriedSubUnits";

    // Rows from before the log kept its own order are numbered per channel by position (numerically: canonical decimal
    // strings), then time. Their recovery columns keep their defaults: such rows are behind every snapshot written since.
    private const string NumberEarlierJournalRows =
        $"INSERT INTO BillingChargeJournal ({EarlierColumns}, Sequence) "
        + $"SELECT {EarlierColumns}, row_number() OVER (PARTITION BY ChannelId ORDER BY length(CumulativeCharged), CumulativeCharged, ChargedAt, RequestId) "
        + $"FROM {EarlierJournal}; DROP TABLE {EarlierJournal};";

    // Rows keyed before the key led with the sequence move as they are: the current key holds every column of the
    // earlier one, so no two rows collide.
    private const string MoveEarlierJournalRows =
        $"INSERT INTO BillingChargeJournal ({EarlierColumns}, {RecoveryColumns}) "
        + $"SELECT {EarlierColumns}, {RecoveryColumns} FROM {EarlierJournal}; DROP TABLE {EarlierJournal};";

    /// <summary>The shapes of the charge journal this installer rebuilds into the current one.</summary>
    private enum JournalShape
    {
        /// <summary>Current, or no journal yet.</summary>
        Current,

        /// <summary>
        /// Created before the log kept each channel's commit order (and, earlier still, before a charge's position was part
        /// of the key, which dropped the row of a new charge under a request id the ledger had forgotten).
        /// </summary>
        WithoutSequence,

        /// <summary>Keyed by (ChannelId, RequestId, Kind, CumulativeCharged) beside a second index on (ChannelId, Sequence).</summary>
        EarlierKey,
    }

    private static async Task<JournalShape> JournalShapeAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(
            "SELECT COUNT(*), COALESCE(SUM(name = 'Sequence'), 0), COALESCE(SUM(name = 'Sequence' AND pk = 2), 0) "
            + "FROM pragma_table_info('BillingChargeJournal');", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (columns, sequence, sequenceSecondInKey) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        return columns == 0 || sequenceSecondInKey == 1 ? JournalShape.Current
            : sequence == 0 ? JournalShape.WithoutSequence
            : JournalShape.EarlierKey;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
