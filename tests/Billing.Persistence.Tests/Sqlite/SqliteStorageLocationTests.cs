using Billing.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Billing.Persistence.Tests.Sqlite;

public sealed class SqliteStorageLocationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "billing-location-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Creates_the_data_folder_and_names_the_file_inside_it_with_a_busy_timeout()
    {
        var folder = Path.Combine(_root, "nested", "data");

        var connectionString = SqliteStorageLocation.ConnectionString(folder, "ledger.db", TimeSpan.FromSeconds(12));

        Assert.True(Directory.Exists(folder));
        var parsed = new SqliteConnectionStringBuilder(connectionString);
        Assert.Equal(Path.Combine(Path.GetFullPath(folder), "ledger.db"), parsed.DataSource);
        Assert.Equal(12, parsed.DefaultTimeout);
        Assert.Equal(SqliteOpenMode.ReadWriteCreate, parsed.Mode);
    }

    [Fact]
    public void Defaults_to_billing_db_and_a_thirty_second_busy_timeout()
    {
        var parsed = new SqliteConnectionStringBuilder(SqliteStorageLocation.ConnectionString(_root));

        Assert.Equal("billing.db", Path.GetFileName(parsed.DataSource));
        Assert.Equal(30, parsed.DefaultTimeout);
    }

    [Theory]
    [InlineData("../escape.db")]
    [InlineData("sub/billing.db")]
    [InlineData("..")]
    [InlineData(" ")]
    public void Rejects_file_names_that_are_paths_or_blank(string fileName)
    {
        Assert.ThrowsAny<ArgumentException>(() => SqliteStorageLocation.ConnectionString(_root, fileName));
        Assert.False(Directory.Exists(_root)); // nothing is created for a rejected name
    }

    [Fact]
    public void Rejects_a_busy_timeout_below_one_second()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteStorageLocation.ConnectionString(_root, busyTimeout: TimeSpan.FromMilliseconds(10)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
