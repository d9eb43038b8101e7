namespace Billing.Persistence;

/// <summary>ADO.NET invariant names as the Orleans providers know them.</summary>
internal static class AdoNetInvariant
{
    /// <summary>Orleans maps this name to Microsoft.Data.Sqlite's factory; "Microsoft.Data.Sqlite" itself is not recognised.</summary>
    public const string Sqlite = "System.Data.SQLite";

    public const string PostgreSql = "Npgsql";

    public static string For(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => Sqlite,
        StorageProvider.PostgreSql => PostgreSql,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };
}
