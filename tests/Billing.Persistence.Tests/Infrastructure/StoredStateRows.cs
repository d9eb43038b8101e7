using System.Data.Common;

namespace Billing.Persistence.Tests.Infrastructure;

/// <summary>Reads and tampers with OrleansStorage directly, behind the grains' back. The SQL is valid on both engines.</summary>
public sealed class StoredStateRows(TestDatabase database)
{
    /// <summary>How the store names a grain class's state: grain type, then state name.</summary>
    public static string StateType(string grainType, string stateName) => $"{grainType}/{stateName}";

    /// <summary>How the store keeps a grain key: verbatim, behind a prefix no number parser accepts.</summary>
    public static string StoredKey(string grainKey) => $"key:{grainKey}";

    public async Task<IReadOnlyList<StoredStateRow>> ForKeyAsync(string grainKey)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(
            connection,
            """
            SELECT GrainTypeString, GrainIdExtensionString, GrainIdN0, GrainIdN1, PayloadBinary, Version
            FROM OrleansStorage WHERE GrainIdExtensionString = @key ORDER BY GrainTypeString
            """,
            ("key", StoredKey(grainKey)));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<StoredStateRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new StoredStateRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(4) ? null : (byte[])reader.GetValue(4),
                Convert.ToInt32(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    public async Task<StoredStateRow> SingleAsync(string grainKey) => Assert.Single(await ForKeyAsync(grainKey));

    public async Task<long> CountAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, "SELECT COUNT(*) FROM OrleansStorage");
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Moves the row's version on without the grain knowing, as a second writer would.</summary>
    public async Task BumpVersionAsync(string grainKey)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(
            connection,
            "UPDATE OrleansStorage SET Version = Version + 1 WHERE GrainIdExtensionString = @key",
            ("key", StoredKey(grainKey)));
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private Task<DbConnection> OpenAsync() => database.OpenAsync();

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
