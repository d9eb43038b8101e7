using System.Data.Common;
using System.Globalization;
using Billing.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Billing.Persistence.Journal;

/// <summary>The journal in the embedded store's SQLite file.</summary>
internal sealed class SqliteChargeJournal(string connectionString, TimeSpan commitLinger) : SqlChargeJournal(connectionString, commitLinger)
{
    private readonly SqliteWriteGate _gate = SqliteWriteGate.For(connectionString);
    private readonly SqliteCheckpointer _checkpointer = new(connectionString, SqliteCheckpointer.DefaultInterval);

    // synchronous is per connection and pooled connections are shared with the grain storage provider: set it on every
    // write, as the grain storage queries do, so an acknowledged charge's row survives a power cut. A commit of the log
    // never checkpoints: the checkpointer does, off the commit path.
    protected override string WritePreamble => "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _checkpointer.DisposeAsync();
    }

    // One row a statement, prepared once per batch and rebound: SQLite finds a parameter by name with a linear scan of the
    // statement's names, so a multi-row statement costs quadratic time to bind (500 rows: 8,000 names, most of a core).
    protected override int RowsPerStatement => 1;

    // Canonical decimal strings (the table's CHECKs): shorter is smaller, equal lengths compare as text.
    protected override string PositionOrder => "length(CumulativeCharged), CumulativeCharged";

    protected override DbConnection CreateConnection() => new SqliteConnection(ConnectionString);

    // Appends queue with the grain state writes of the same file instead of sleeping on its lock.
    protected override Task WriteAsync(Func<Task> write, CancellationToken cancellationToken) => _gate.WriteAsync(write, cancellationToken);

    protected override string AmountValue(string parameter) => parameter;

    protected override string AmountText(string column) => column;

    protected override object ToDbTime(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    protected override DateTimeOffset FromDbTime(object value) =>
        DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
