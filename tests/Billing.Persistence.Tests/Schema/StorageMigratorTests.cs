using Billing.Persistence.Schema;
using Billing.Persistence.Tests.Infrastructure;

namespace Billing.Persistence.Tests.Schema;

/// <summary>The migrator against a real, initially empty database of each engine.</summary>
public abstract class StorageMigratorTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    protected abstract IReadOnlySet<string> ExpectedQueryKeys { get; }

    [Fact]
    public async Task Installs_exactly_the_documented_query_keys()
    {
        await using var database = await CreateDatabaseAsync();

        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);

        var queries = await database.QueryRowsAsync();
        Assert.Equal(ExpectedQueryKeys.Order(StringComparer.Ordinal), queries.Keys.Order(StringComparer.Ordinal));
        Assert.All(queries.Values, text => Assert.False(string.IsNullOrWhiteSpace(text)));
        Assert.Equal(0, await database.Rows.CountAsync());
    }

    [Fact]
    public async Task Applying_again_changes_nothing_and_keeps_stored_state()
    {
        await using var database = await CreateDatabaseAsync();
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        await InsertStateRowAsync(database);
        var queriesBefore = await database.QueryRowsAsync();

        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);

        Assert.Equal(queriesBefore, await database.QueryRowsAsync());
        var row = await database.Rows.SingleAsync("kept");
        Assert.Equal([1, 2, 3], row.PayloadBinary);
        Assert.Equal(7, row.Version);
    }

    [Fact]
    public async Task Concurrent_runs_on_an_empty_database_all_succeed()
    {
        await using var database = await CreateDatabaseAsync();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString))));

        Assert.Equal(ExpectedQueryKeys.Count, (await database.QueryRowsAsync()).Count);
    }

    [Fact]
    public async Task Blank_connection_string_is_rejected_before_touching_a_database()
    {
        await using var database = await CreateDatabaseAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => StorageMigrator.ApplyAsync(database.Provider, " "));
    }

    private static async Task InsertStateRowAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
            VALUES (1, 0, 0, 2, 'probe/state', 'key:kept', 'service', @payload, CURRENT_TIMESTAMP, 7)
            """;
        var payload = command.CreateParameter();
        payload.ParameterName = "payload";
        payload.Value = new byte[] { 1, 2, 3 };
        command.Parameters.Add(payload);
        await command.ExecuteNonQueryAsync();
    }
}
