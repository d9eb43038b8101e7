using Billing.Core.Journal;

namespace Billing.Persistence.Journal;

/// <summary>Opens the charge journal of a billing store (the schema must have been applied, see <see cref="Schema.StorageMigrator"/>).</summary>
public static class ChargeJournals
{
    public static IChargeJournal For(StorageProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return provider switch
        {
            StorageProvider.Sqlite => new SqliteChargeJournal(connectionString),
            StorageProvider.PostgreSql => new PostgreSqlChargeJournal(connectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
        };
    }
}
