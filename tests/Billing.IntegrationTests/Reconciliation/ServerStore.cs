using Microsoft.Data.Sqlite;
using Npgsql;

namespace Billing.IntegrationTests.Reconciliation;

/// <summary>
/// Where a test server keeps its state: a SQLite file in a temporary data folder, or a PostgreSQL database created for the
/// test (server from BILLING_TEST_POSTGRES, else the one scripts/start-postgres.sh prepares) and dropped after it.
/// </summary>
public abstract class ServerStore : IAsyncDisposable
{
    public string DataFolder { get; } = Directory.CreateTempSubdirectory("billing-reconciliation-").FullName;

    /// <summary>Configuration the server needs beyond its data folder.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings { get; }

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteServerStore : ServerStore
{
    public override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public string DatabaseFile => Path.Combine(DataFolder, "billing.db");

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataFolder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgreSqlServerStore : ServerStore
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=billing_test";
    private readonly string _server;
    private readonly string _database;

    private PostgreSqlServerStore(string server, string database)
    {
        _server = server;
        _database = database;
        Settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSql",
            ["Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
        };
    }

    public override IReadOnlyDictionary<string, string?> Settings { get; }

    public static async Task<PostgreSqlServerStore> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("BILLING_TEST_POSTGRES") is { Length: > 0 } configured ? configured : DefaultServer;
        var store = new PostgreSqlServerStore(server, $"billing_recon_{Guid.NewGuid():N}");
        await store.RunOnServerAsync($"CREATE DATABASE {store._database}");
        return store;
    }

    /// <summary>The first column of every row a query returns, as text, read from the test's database.</summary>
    public async Task<IReadOnlyList<string>> ColumnAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Settings["Storage:ConnectionString"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunOnServerAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        Directory.Delete(DataFolder, recursive: true);
    }

    private async Task RunOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
