namespace Billing.Persistence;

/// <summary>The database engine behind the billing store.</summary>
public enum StorageProvider
{
    /// <summary>Embedded, single node: grain state only. Clustering stays localhost and reminders in memory.</summary>
    Sqlite = 1,

    /// <summary>Shared by a cluster: grain state, and on request membership and reminders.</summary>
    PostgreSql = 2,
}
