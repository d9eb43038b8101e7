namespace Billing.Persistence;

/// <summary>How a silo stores billing state. Passed to <see cref="Hosting.BillingStorageSiloBuilderExtensions.AddBillingStorage"/>.</summary>
/// <remarks>
/// <para>
/// State names: every grain class that persists through this store must use a state name of its own in
/// <c>[PersistentState(stateName, BillingStorage.ChannelStore)]</c> (for example "channel-ledger", "settlement-shard").
/// The ADO.NET provider records the state name, not the grain class (dotnet/orleans#8746). The store also folds the
/// grain type into each row's identity, so a repeated name cannot mix two classes' state; unique names keep rows
/// readable and keep that guarantee from resting on one layer.
/// </para>
/// <para>
/// Keys: prefer string keys that are not all hexadecimal digits (for example "0x…" channel ids or "shard-7"). The
/// provider parses such keys as integers, so "020235" and "20235" would share a row (dotnet/orleans#9706); the store
/// passes keys verbatim to prevent that, and readable keys keep the stored rows unambiguous to people as well.
/// </para>
/// </remarks>
public sealed class BillingStorageOptions
{
    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;

    /// <summary>
    /// ADO.NET connection string. For SQLite, build it with <see cref="Sqlite.SqliteStorageLocation.ConnectionString"/>
    /// (it names the file inside a data folder the host chooses and sets the busy timeout). Never logged.
    /// </summary>
    public string ConnectionString { get; init; } = "";

    /// <summary>
    /// Install or refresh the schema and query rows (idempotent) before the storage providers start. When false, run
    /// <see cref="Schema.StorageMigrator.ApplyAsync"/> yourself before starting the silo.
    /// </summary>
    public bool ApplySchemaOnStart { get; init; } = true;

    /// <summary>
    /// How long a group commit of the charge log waits for more appends after the first one arrives. Zero (the default)
    /// writes at once: appends that arrive while a commit is under way already share the next one, so batching needs no
    /// delay; a short linger only trades each charge's latency for fewer, larger commits.
    /// </summary>
    public TimeSpan ChargeLogLinger { get; init; }

    /// <summary>PostgreSQL only: use the database for cluster membership (ADO.NET clustering).</summary>
    public bool UseClustering { get; init; }

    /// <summary>PostgreSQL only: keep reminders in the database (ADO.NET reminder table).</summary>
    public bool UseReminders { get; init; }

    internal void Validate()
    {
        if (!Enum.IsDefined(Provider))
        {
            throw new ArgumentException($"Unknown storage provider {(int)Provider}.", nameof(Provider));
        }

        if (ChargeLogLinger < TimeSpan.Zero)
        {
            throw new ArgumentException("The charge log's linger cannot be negative.", nameof(ChargeLogLinger));
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("A connection string is required.", nameof(ConnectionString));
        }

        // SQLite has no official ADO.NET clustering or reminder scripts and a file database cannot be shared by silos
        // on several machines, so a SQLite host runs one silo with localhost clustering and in-memory reminders.
        if (Provider == StorageProvider.Sqlite && (UseClustering || UseReminders))
        {
            throw new ArgumentException(
                "SQLite storage serves a single silo: use localhost clustering and in-memory reminders, or PostgreSQL.",
                UseClustering ? nameof(UseClustering) : nameof(UseReminders));
        }
    }
}
