using Npgsql;

namespace Billing.Persistence.Schema;

/// <summary>Applies the PostgreSQL scripts in one transaction, serialised across silos by an advisory lock.</summary>
internal static class PostgreSqlSchemaInstaller
{
    // Any fixed 64-bit value works; it only has to be the same in every silo ("Billing" in ASCII).
    private const long MigrationLockKey = 0x42696C6C696E67;

    public static async Task ApplyAsync(string connectionString, IReadOnlyList<SchemaScript> scripts, CancellationToken cancellationToken)
    {
        var step = "connecting";
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

            // Two silos starting together would otherwise race on CREATE ... IF NOT EXISTS (not atomic) and on
            // CREATE OR REPLACE FUNCTION. The lock is released by commit or rollback, also when the process dies.
            step = "taking the migration lock";
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                lockCommand.Parameters.AddWithValue("key", MigrationLockKey);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var script in scripts)
            {
                step = $"applying {script.Name}";
                await using var command = new NpgsqlCommand(script.Text, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            step = "committing";
            await transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            // Npgsql messages name the server and the error, never the password.
            var detail = exception is PostgresException postgres ? $"{postgres.SqlState} {postgres.MessageText}" : exception.Message;
            throw new StorageMigrationException($"PostgreSQL schema migration failed while {step}: {detail}", exception);
        }
    }
}
