using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Billing.Core.Journal;

namespace Billing.Persistence.Journal;

/// <summary>
/// The charge journal on an ADO.NET engine: one multi-row insert per append (so a write-behind flush of many charges is one
/// round trip and one commit), rows streamed back in channel order. Engines differ only in how they store a uint128 and
/// what a writing connection must set first.
/// </summary>
internal abstract class SqlChargeJournal(string connectionString) : IChargeJournal
{
    // Each row binds nine parameters; staying well under SQLite's and PostgreSQL's limits keeps any flush one statement
    // per chunk of this many rows.
    private const int RowsPerStatement = 500;

    private const string Columns = "ChannelId, RequestId, Kind, Amount, CumulativeCharged, ChargedAt, Model, InputTokens, OutputTokens";

    protected string ConnectionString { get; } = connectionString;

    public async Task AppendAsync(IReadOnlyList<ChargeRecord> charges, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(charges);
        if (charges.Count == 0)
        {
            return;
        }

        await WriteAsync(() => InsertAsync(charges, cancellationToken), cancellationToken);
    }

    public IAsyncEnumerable<ChargeRecord> ReadAllAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(channelId: null, cancellationToken);

    public IAsyncEnumerable<ChargeRecord> ReadChannelAsync(string channelId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        return ReadAsync(channelId, cancellationToken);
    }

    protected abstract DbConnection CreateConnection();

    /// <summary>SQL run on the connection before every write on this engine (empty when none is needed).</summary>
    protected abstract string WritePreamble { get; }

    /// <summary>The value expression for an amount parameter (a decimal string).</summary>
    protected abstract string AmountValue(string parameter);

    /// <summary>The column expression that reads an amount back as a decimal string.</summary>
    protected abstract string AmountText(string column);

    /// <summary>The ORDER BY that sorts one channel's rows by their numeric position.</summary>
    protected abstract string PositionOrder { get; }

    /// <summary>Runs one write: engines with a single writer per database queue it here.</summary>
    protected virtual Task WriteAsync(Func<Task> write, CancellationToken cancellationToken) => write();

    protected abstract object ToDbTime(DateTimeOffset value);

    protected abstract DateTimeOffset FromDbTime(object value);

    private async Task InsertAsync(IReadOnlyList<ChargeRecord> charges, CancellationToken cancellationToken)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken);
        if (WritePreamble.Length > 0)
        {
            // Connection settings go first: some (SQLite's synchronous) cannot change inside a transaction.
            await using var preamble = connection.CreateCommand();
            preamble.CommandText = WritePreamble;
            await preamble.ExecuteNonQueryAsync(cancellationToken);
        }

        // Several statements (very large flushes) still land all or nothing.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        for (var start = 0; start < charges.Count; start += RowsPerStatement)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = InsertText(charges, start, Math.Min(RowsPerStatement, charges.Count - start), command);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private string InsertText(IReadOnlyList<ChargeRecord> charges, int start, int count, DbCommand command)
    {
        var sql = new StringBuilder("INSERT INTO BillingChargeJournal (").Append(Columns).Append(") VALUES ");
        for (var i = 0; i < count; i++)
        {
            var charge = charges[start + i];
            var p = $"@p{i}_";
            sql.Append(i == 0 ? "" : ", ")
                .Append(CultureInfo.InvariantCulture, $"({p}c, {p}r, {p}k, {AmountValue(p + "a")}, {AmountValue(p + "s")}, {p}t, {p}m, {p}i, {p}o)");
            Add(command, p + "c", charge.ChannelId);
            Add(command, p + "r", charge.RequestId);
            Add(command, p + "k", ChargeKinds.ToText(charge.Kind));
            Add(command, p + "a", charge.Amount.ToString(CultureInfo.InvariantCulture));
            Add(command, p + "s", charge.CumulativeCharged.ToString(CultureInfo.InvariantCulture));
            Add(command, p + "t", ToDbTime(charge.ChargedAt));
            Add(command, p + "m", (object?)charge.Model ?? DBNull.Value);
            Add(command, p + "i", checked((long)charge.InputTokens));
            Add(command, p + "o", checked((long)charge.OutputTokens));
        }

        return sql.Append(" ON CONFLICT (ChannelId, RequestId, Kind, CumulativeCharged) DO NOTHING;").ToString();
    }

    private async IAsyncEnumerable<ChargeRecord> ReadAsync(string? channelId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = CreateConnection();
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT ChannelId, RequestId, Kind, {AmountText("Amount")}, {AmountText("CumulativeCharged")}, ChargedAt, Model, InputTokens, OutputTokens "
            + "FROM BillingChargeJournal "
            + (channelId is null ? "" : "WHERE ChannelId = @channel ")
            + $"ORDER BY ChannelId, {PositionOrder}, RequestId";
        if (channelId is not null)
        {
            Add(command, "@channel", channelId);
        }

        await connection.OpenAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new ChargeRecord(
                reader.GetString(0),
                reader.GetString(1),
                ChargeKinds.FromText(reader.GetString(2)),
                UInt128.Parse(reader.GetString(3), NumberStyles.None, CultureInfo.InvariantCulture),
                UInt128.Parse(reader.GetString(4), NumberStyles.None, CultureInfo.InvariantCulture),
                FromDbTime(reader.GetValue(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                checked((ulong)reader.GetInt64(7)),
                checked((ulong)reader.GetInt64(8)));
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
