namespace Billing.Persistence.Schema;

/// <summary>
/// Installs or refreshes the billing schema: tables, indexes and the OrleansQuery rows the ADO.NET providers read at
/// start-up. Every script is idempotent, so running it at each start is safe, and the scripts of one run apply in a
/// single transaction (all or nothing). Concurrent runs are serialised: by an advisory lock on PostgreSQL, by the
/// database write lock on SQLite.
/// </summary>
/// <remarks>
/// <see cref="Hosting.BillingStorageSiloBuilderExtensions.AddBillingStorage"/> calls this before the providers start
/// when <see cref="BillingStorageOptions.ApplySchemaOnStart"/> is set. Providers cache the query text when they
/// start, so silos that were already running keep the text they loaded until they restart.
/// </remarks>
public static class StorageMigrator
{
    /// <exception cref="ArgumentException">The connection string is blank or the provider unknown.</exception>
    /// <exception cref="StorageMigrationException">A script failed; nothing of this run was kept.</exception>
    public static Task ApplyAsync(StorageProvider provider, string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var scripts = SchemaScripts.For(provider);
        return provider switch
        {
            StorageProvider.Sqlite => SqliteSchemaInstaller.ApplyAsync(connectionString, scripts, cancellationToken),
            StorageProvider.PostgreSql => PostgreSqlSchemaInstaller.ApplyAsync(connectionString, scripts, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
        };
    }
}
