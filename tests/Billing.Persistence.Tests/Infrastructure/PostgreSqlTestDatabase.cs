using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace Billing.Persistence.Tests.Infrastructure;

/// <summary>
/// A uniquely named database on the server that <see cref="EnvironmentVariable"/> points at (by default the one
/// scripts/start-postgres.sh prepares). Tests fail, never skip, when the server cannot be reached.
/// </summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    public const string EnvironmentVariable = "BILLING_TEST_POSTGRES";
    public const string DefaultServerConnectionString = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=billing_test";

    private readonly string _serverConnectionString;

    private PostgreSqlTestDatabase(string serverConnectionString, string databaseName)
    {
        _serverConnectionString = serverConnectionString;
        DatabaseName = databaseName;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName }.ConnectionString;
    }

    public string DatabaseName { get; }

    public override StorageProvider Provider => StorageProvider.PostgreSql;

    public override string ConnectionString { get; }

    public override DbProviderFactory Factory => NpgsqlFactory.Instance;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : DefaultServerConnectionString;

    public static async Task<PostgreSqlTestDatabase> CreateAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Timeout = 5 }.ConnectionString;
        var name = $"billing_test_{Guid.NewGuid():N}";
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException)
        {
            var target = new NpgsqlConnectionStringBuilder(server);
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {target.Host}:{target.Port} as '{target.Username}' ({exception.Message}). "
                + $"Run scripts/start-postgres.sh, or set {EnvironmentVariable} to a server's connection string.",
                exception);
        }

        return new PostgreSqlTestDatabase(server, name);
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
