using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Billing.Core.Journal;

namespace Billing.Persistence.Journal;

/// <summary>
/// The charge log on an ADO.NET engine. Appends go through one <see cref="ChargeLogWriter"/> per journal (one per silo and
/// database), which commits every append queued meanwhile as one multi-row insert in one transaction; rows stream back in
/// each channel's commit order. Engines differ only in how they store a uint128 and what a writing connection must set first.
/// </summary>
internal abstract class SqlChargeJournal : IChargeJournal, IAsyncDisposable
{
    // Each row binds sixteen parameters; staying well under SQLite's and PostgreSQL's limits keeps a batch one statement
    // per chunk of this many rows.
    private const int RowsPerStatement = 500;

    // A commit's size bound: far above any burst a silo sees between two commits, small enough to stay one short transaction.
    private const int MaxBatchRecords = 10 * RowsPerStatement;

    private const string Columns = "ChannelId, RequestId, Kind, Amount, CumulativeCharged, ChargedAt, Model, InputTokens, OutputTokens, "
        + "Sequence, VoucherAmount, VoucherSignature, SignedMaxClaimable, Ceiling, ExactSubUnits, CarriedSubUnits";

    private readonly ChargeLogWriter _writer;

    protected SqlChargeJournal(string connectionString, TimeSpan commitLinger)
    {
        ConnectionString = connectionString;
        _writer = new ChargeLogWriter(
            records => WriteAsync(() => InsertAsync(records, CancellationToken.None), CancellationToken.None), commitLinger, MaxBatchRecords);
    }

    protected string ConnectionString { get; }

    /// <summary>Transactions this journal committed (each one fsync); a batch of appends is one.</summary>
    internal long Commits => _writer.Commits;

    public Task AppendAsync(IReadOnlyList<ChargeRecord> charges, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(charges);
        return _writer.AppendAsync(charges, cancellationToken);
    }

    public IAsyncEnumerable<ChargeRecord> ReadAllAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(channelId: null, afterSequence: null, cancellationToken);

    public IAsyncEnumerable<ChargeRecord> ReadChannelAsync(string channelId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        return ReadAsync(channelId, afterSequence: null, cancellationToken);
    }

    public IAsyncEnumerable<ChargeRecord> ReadChannelAsync(string channelId, long afterSequence, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        return ReadAsync(channelId, afterSequence, cancellationToken);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

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

    /// <summary>Writes one batch: several statements (very large batches) still land all or nothing.</summary>
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
                .Append(CultureInfo.InvariantCulture, $"({p}c, {p}r, {p}k, {AmountValue(p + "a")}, {AmountValue(p + "s")}, {p}t, {p}m, {p}i, {p}o, ")
                .Append(CultureInfo.InvariantCulture, $"{p}q, {AmountValue(p + "v")}, {p}g, {AmountValue(p + "x")}, {AmountValue(p + "e")}, {AmountValue(p + "u")}, {AmountValue(p + "y")})");
            Add(command, p + "c", charge.ChannelId);
            Add(command, p + "r", charge.RequestId);
            Add(command, p + "k", ChargeKinds.ToText(charge.Kind));
            Add(command, p + "a", charge.Amount.ToString(CultureInfo.InvariantCulture));
            Add(command, p + "s", charge.CumulativeCharged.ToString(CultureInfo.InvariantCulture));
            Add(command, p + "t", ToDbTime(charge.ChargedAt));
            Add(command, p + "m", (object?)charge.Model ?? DBNull.Value);
            Add(command, p + "i", checked((long)charge.InputTokens));
            Add(command, p + "o", checked((long)charge.OutputTokens));
            Add(command, p + "q", charge.Sequence);
            Add(command, p + "v", charge.VoucherAmount.ToString(CultureInfo.InvariantCulture));
            Add(command, p + "g", (object?)charge.VoucherSignature ?? DBNull.Value);
            Add(command, p + "x", charge.SignedMaxClaimable.ToString(CultureInfo.InvariantCulture));
            Add(command, p + "e", charge.Ceiling.ToString(CultureInfo.InvariantCulture));
            Add(command, p + "u", charge.ExactSubUnits.ToString(CultureInfo.InvariantCulture));
            Add(command, p + "y", charge.CarriedSubUnits.ToString(CultureInfo.InvariantCulture));
        }

        return sql.Append(" ON CONFLICT (ChannelId, RequestId, Kind, CumulativeCharged) DO NOTHING;").ToString();
    }

    private async IAsyncEnumerable<ChargeRecord> ReadAsync(
        string? channelId, long? afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = CreateConnection();
        await using var command = connection.CreateCommand();

        // Commit order first: rows at one position (charges of zero units) then come in the order they were charged. The
        // position and request id only break ties between rows migrated from before sequences were kept.
        command.CommandText =
            $"SELECT ChannelId, RequestId, Kind, {AmountText("Amount")}, {AmountText("CumulativeCharged")}, ChargedAt, Model, InputTokens, OutputTokens, "
            + $"Sequence, {AmountText("VoucherAmount")}, VoucherSignature, {AmountText("SignedMaxClaimable")}, {AmountText("Ceiling")}, "
            + $"{AmountText("ExactSubUnits")}, {AmountText("CarriedSubUnits")} "
            + "FROM BillingChargeJournal "
            + (channelId is null ? "" : "WHERE ChannelId = @channel ")
            + (afterSequence is null ? "" : "AND Sequence > @after ")
            + $"ORDER BY ChannelId, Sequence, {PositionOrder}, RequestId";
        if (channelId is not null)
        {
            Add(command, "@channel", channelId);
        }

        if (afterSequence is { } after)
        {
            Add(command, "@after", after);
        }

        await connection.OpenAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new ChargeRecord(
                reader.GetString(0),
                reader.GetString(1),
                ChargeKinds.FromText(reader.GetString(2)),
                ReadAmount(reader, 3),
                ReadAmount(reader, 4),
                FromDbTime(reader.GetValue(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                checked((ulong)reader.GetInt64(7)),
                checked((ulong)reader.GetInt64(8)))
            {
                Sequence = reader.GetInt64(9),
                VoucherAmount = ReadAmount(reader, 10),
                VoucherSignature = reader.IsDBNull(11) ? null : reader.GetString(11),
                SignedMaxClaimable = ReadAmount(reader, 12),
                Ceiling = ReadAmount(reader, 13),
                ExactSubUnits = ReadAmount(reader, 14),
                CarriedSubUnits = ReadAmount(reader, 15),
            };
        }
    }

    private static UInt128 ReadAmount(DbDataReader reader, int ordinal) =>
        UInt128.Parse(reader.GetString(ordinal), NumberStyles.None, CultureInfo.InvariantCulture);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
