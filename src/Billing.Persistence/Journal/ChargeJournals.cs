using Billing.Core.Journal;

namespace Billing.Persistence.Journal;

/// <summary>Opens the charge journal (the charge log) of a billing store (the schema must have been applied, see <see cref="Schema.StorageMigrator"/>).</summary>
public static class ChargeJournals
{
    /// <param name="commitLinger">How long a commit of the charge log waits for more appends once one arrives (zero: none).</param>
    public static IChargeJournal For(StorageProvider provider, string connectionString, TimeSpan commitLinger = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return provider switch
        {
            StorageProvider.Sqlite => new SqliteChargeJournal(connectionString, commitLinger),
            StorageProvider.PostgreSql => new PostgreSqlChargeJournal(connectionString, commitLinger),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
        };
    }
}
