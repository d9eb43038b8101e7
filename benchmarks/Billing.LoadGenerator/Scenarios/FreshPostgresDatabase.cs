using Npgsql;

namespace Billing.LoadGenerator.Scenarios;

/// <summary>
/// A database of its own for one PostgreSQL scenario, created next to the one the connection string names and dropped
/// afterwards. The channels a run opens on its fresh anvil have the same ids run after run, and the charge log keeps each
/// channel's charges: in a shared database a second run would restore the first run's totals and refuse every voucher.
/// </summary>
public sealed class FreshPostgresDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private FreshPostgresDatabase(string server, string name, string connectionString)
    {
        _server = server;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<FreshPostgresDatabase> CreateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var name = $"billing_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(connectionString, $"CREATE DATABASE {name}", cancellationToken);
        var fresh = new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
        return new FreshPostgresDatabase(connectionString, name, fresh);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", CancellationToken.None);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
