using Microsoft.Data.Sqlite;

namespace Billing.Persistence.Sqlite;

/// <summary>Where and how the embedded store keeps its database file.</summary>
public static class SqliteStorageLocation
{
    public const string DefaultFileName = "billing.db";

    /// <summary>
    /// How long a statement waits for another connection's write lock before failing. Microsoft.Data.Sqlite retries a
    /// busy database until the command timeout, which this sets through "Default Timeout".
    /// </summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Creates <paramref name="dataFolder"/> if needed and returns the connection string for the database file in it.
    /// </summary>
    /// <exception cref="ArgumentException">The folder is blank, or the file name is blank or contains a path.</exception>
    public static string ConnectionString(string dataFolder, string fileName = DefaultFileName, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (fileName.IndexOfAny(['/', '\\']) >= 0 || fileName is "." or "..")
        {
            throw new ArgumentException("The database file name must not contain a path.", nameof(fileName));
        }

        var timeout = busyTimeout ?? DefaultBusyTimeout;
        if (timeout < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(busyTimeout), timeout, "The busy timeout must be at least one second.");
        }

        var folder = Directory.CreateDirectory(Path.GetFullPath(dataFolder)).FullName;
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, fileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)Math.Ceiling(timeout.TotalSeconds),
            Pooling = true,
        }.ToString();
    }

    /// <summary>Creates the folder of the database file a connection string names, so that SQLite can create the file.</summary>
    internal static void EnsureFolderExists(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
