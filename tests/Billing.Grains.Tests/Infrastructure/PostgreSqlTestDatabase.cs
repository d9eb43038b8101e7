using System.Net.Sockets;
using Npgsql;

namespace Billing.Grains.Tests.Infrastructure;

/// <summary>
/// A uniquely named database on the server <see cref="EnvironmentVariable"/> names (by default the one
/// scripts/start-postgres.sh prepares). An unreachable server fails the tests; they never skip.
/// </summary>
public sealed class PostgreSqlTestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "BILLING_TEST_POSTGRES";
    public const string DefaultServerConnectionString = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=billing_test";

    private readonly string _serverConnectionString;
    private readonly string _name;

    private PostgreSqlTestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgreSqlTestDatabase> CreateAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var server = new NpgsqlConnectionStringBuilder(string.IsNullOrEmpty(configured) ? DefaultServerConnectionString : configured)
        {
            Timeout = 5,
        };
        var name = $"billing_grains_{Guid.NewGuid():N}";
        try
        {
            await ExecuteAsync(server.ConnectionString, $"CREATE DATABASE {name}");
        }
        catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {server.Host}:{server.Port} as '{server.Username}' ({exception.Message}). "
                + $"Run scripts/start-postgres.sh, or set {EnvironmentVariable} to a server's connection string.",
                exception);
        }

        return new PostgreSqlTestDatabase(server.ConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_serverConnectionString, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
