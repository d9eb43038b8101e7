using Billing.Persistence;

namespace Billing.Server.Hosting;

/// <summary>Where grain state lives. Bound from configuration section "Storage".</summary>
public sealed class StorageSettings
{
    public const string Section = "Storage";

    /// <summary>Sqlite (embedded, one node) or PostgreSql (clusters).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>For PostgreSql. For Sqlite, leave empty and set <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder of the SQLite database (created if missing).</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>
    /// How long a group commit of the charge log waits for more charges once one arrives. Zero (the default) commits at
    /// once; charges arriving during a commit share the next one anyway.
    /// </summary>
    public TimeSpan ChargeLogLinger { get; set; } = TimeSpan.Zero;

    public string ResolveConnectionString(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (Provider != StorageProvider.Sqlite)
        {
            throw new InvalidOperationException("Storage:ConnectionString is required for PostgreSql.");
        }

        var folder = Path.GetFullPath(DataFolder, contentRoot);
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "billing.db")}";
    }
}
