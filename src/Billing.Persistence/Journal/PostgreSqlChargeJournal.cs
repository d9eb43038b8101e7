using System.Data.Common;
using Npgsql;

namespace Billing.Persistence.Journal;

/// <summary>The journal in the cluster's PostgreSQL database.</summary>
internal sealed class PostgreSqlChargeJournal(string connectionString, TimeSpan commitLinger) : SqlChargeJournal(connectionString, commitLinger)
{
    protected override string WritePreamble => "";

    // One round trip carries many rows; 500 rows bind 8,000 parameters, well under the protocol's 65,535.
    protected override int RowsPerStatement => 500;

    // Qualified: unqualified, ORDER BY would pick the select list's CumulativeCharged::text (PostgreSQL names a cast after
    // its column) and sort positions as text.
    protected override string PositionOrder => "BillingChargeJournal.CumulativeCharged";

    protected override DbConnection CreateConnection() => new NpgsqlConnection(ConnectionString);

    // Amounts travel as decimal text: exact for every uint128, whatever the driver maps numeric to.
    protected override string AmountValue(string parameter) => $"CAST({parameter} AS numeric(39, 0))";

    protected override string AmountText(string column) => $"{column}::text";

    protected override object ToDbTime(DateTimeOffset value) => value.ToUniversalTime();

    protected override DateTimeOffset FromDbTime(object value) => new((DateTime)value, TimeSpan.Zero);
}
