using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Billing.Persistence.Locks;

/// <summary>
/// A named lock held in the cluster's PostgreSQL database (a session advisory lock on a connection of its own), for work
/// that one process of the cluster at a time may do, whatever Orleans' eventually consistent directory thinks: held until
/// disposed, and released by the server at once if the holder's process dies (its connection closes with it).
/// </summary>
public sealed class DatabaseLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private DatabaseLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>Waits (in the database, costing no thread) until no other session holds <paramref name="name"/>.</summary>
    public static async Task<DatabaseLock> AcquireAsync(string connectionString, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = KeyOf(name);

        // Not from the pool: a lock must not outlive its holder on a connection that goes back to it.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new DatabaseLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", _key);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            // Closing the session releases the lock too, should the unlock itself have failed.
            await _connection.DisposeAsync();
        }
    }

    /// <summary>Advisory locks are keyed by a 64-bit number: the first 8 bytes of the name's SHA-256.</summary>
    private static long KeyOf(string name) => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}
