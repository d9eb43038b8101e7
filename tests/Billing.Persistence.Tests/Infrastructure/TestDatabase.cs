using System.Data.Common;
using Billing.Core.Journal;
using Billing.Persistence.Journal;

namespace Billing.Persistence.Tests.Infrastructure;

/// <summary>A real, empty database owned by one test class; dropped or deleted on dispose.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract StorageProvider Provider { get; }

    public abstract string ConnectionString { get; }

    public abstract DbProviderFactory Factory { get; }

    public StoredStateRows Rows => new(this);

    public abstract ValueTask DisposeAsync();

    public async Task<DbConnection> OpenAsync()
    {
        var connection = Factory.CreateConnection()
            ?? throw new InvalidOperationException($"{Factory.GetType().Name} created no connection.");
        connection.ConnectionString = ConnectionString;
        await connection.OpenAsync();
        return connection;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Every row of the charge journal, read through the journal as recovery and reconciliation read it.</summary>
    public async Task<List<ChargeRecord>> ReadJournalAsync()
    {
        var journal = ChargeJournals.For(Provider, ConnectionString);
        var rows = new List<ChargeRecord>();
        await foreach (var row in journal.ReadAllAsync())
        {
            rows.Add(row);
        }

        await ((IAsyncDisposable)journal).DisposeAsync();
        return rows;
    }

    public async Task<IReadOnlyDictionary<string, string>> QueryRowsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT QueryKey, QueryText FROM OrleansQuery";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0), reader.GetString(1));
        }

        return rows;
    }
}
