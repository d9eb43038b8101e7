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
    // A commit's size bound: far above any burst a silo sees between two commits, small enough to stay one short transaction.
    private const int MaxBatchRecords = 5_000;

    private const int ParametersPerRow = 16;

    private const string Columns = "ChannelId, RequestId, Kind, Amount, CumulativeCharged, ChargedAt, Model, InputTokens, OutputTokens, "
        + "Sequence, VoucherAmount, VoucherSignature, SignedMaxClaimable, Ceiling, ExactSubUnits, CarriedSubUnits";

    // Inserts of up to this many rows stay prepared on the writer's connection: the batch sizes of a busy silo.
    private const int KeptInsertRows = 32;

    private readonly ChargeLogWriter _writer;

    // The log writer's connection and its prepared inserts by row count; opened at the first batch, reopened after a failure.
    private readonly Dictionary<int, DbCommand> _inserts = [];
    private DbConnection? _writeConnection;

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

    public virtual async ValueTask DisposeAsync()
    {
        // The writer's loop ends first: nothing uses the connection once it has.
        await _writer.DisposeAsync();
        await CloseWriterAsync();
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

    /// <summary>
    /// Rows one INSERT statement carries; a batch runs as many statements as it needs in its one transaction. Each row binds
    /// sixteen parameters: stay under the engine's parameter limit and its cost of looking parameters up.
    /// </summary>
    protected abstract int RowsPerStatement { get; }

    /// <summary>Runs one write: engines with a single writer per database queue it here.</summary>
    protected virtual Task WriteAsync(Func<Task> write, CancellationToken cancellationToken) => write();

    protected abstract object ToDbTime(DateTimeOffset value);

    protected abstract DateTimeOffset FromDbTime(object value);

    /// <summary>
    /// Writes one batch in one transaction on the writer's own connection. Only the log writer's loop calls this, one batch
    /// at a time, so the connection and its statements need no lock. A commit is one fsync plus what runs around it: on a
    /// held connection with statements kept prepared, opening it, its settings and parsing the insert are paid once, not
    /// once per commit (see benchmarks/README.md, "The commit's own cost").
    /// </summary>
    private async Task InsertAsync(IReadOnlyList<ChargeRecord> charges, CancellationToken cancellationToken)
    {
        try
        {
            var connection = _writeConnection ??= await OpenWriterAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            for (var start = 0; start < charges.Count; start += RowsPerStatement)
            {
                var count = Math.Min(RowsPerStatement, charges.Count - start);
                var (command, kept) = Insert(connection, count);
                try
                {
                    command.Transaction = transaction;
                    Bind(command, charges, start, count);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                finally
                {
                    if (!kept)
                    {
                        await command.DisposeAsync();
                    }
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // The connection may be what failed (a dropped server, a broken file handle): the next batch starts on a fresh one.
            await CloseWriterAsync();
            throw;
        }
    }

    private async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (WritePreamble.Length > 0)
            {
                // Connection settings go first: some (SQLite's synchronous) cannot change inside a transaction. Held by the
                // writer alone, the connection keeps them for every commit.
                await using var preamble = connection.CreateCommand();
                preamble.CommandText = WritePreamble;
                await preamble.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async ValueTask CloseWriterAsync()
    {
        foreach (var insert in _inserts.Values)
        {
            await insert.DisposeAsync();
        }

        _inserts.Clear();
        if (_writeConnection is not null)
        {
            await _writeConnection.DisposeAsync();
            _writeConnection = null;
        }
    }

    /// <summary>
    /// The insert of <paramref name="rows"/> rows: kept for the sizes most batches have (SQLite then keeps it compiled;
    /// Npgsql reuses the command and its parameters), built for this batch alone otherwise, so that rare large batches do
    /// not keep thousands of parameters alive.
    /// </summary>
    private (DbCommand Command, bool Kept) Insert(DbConnection connection, int rows)
    {
        if (_inserts.TryGetValue(rows, out var insert))
        {
            return (insert, true);
        }

        insert = CreateInsert(connection, rows);
        if (rows > KeptInsertRows && rows != RowsPerStatement)
        {
            return (insert, false);
        }

        _inserts[rows] = insert;
        return (insert, true);
    }

    private DbCommand CreateInsert(DbConnection connection, int rows)
    {
        var command = connection.CreateCommand();
        var sql = new StringBuilder("INSERT INTO BillingChargeJournal (").Append(Columns).Append(") VALUES ");
        for (var i = 0; i < rows; i++)
        {
            var p = $"@p{i}_";
            sql.Append(i == 0 ? "" : ", ")
                .Append(CultureInfo.InvariantCulture, $"({p}c, {p}r, {p}k, {AmountValue(p + "a")}, {AmountValue(p + "s")}, {p}t, {p}m, {p}i, {p}o, ")
                .Append(CultureInfo.InvariantCulture, $"{p}q, {AmountValue(p + "v")}, {p}g, {AmountValue(p + "x")}, {AmountValue(p + "e")}, {AmountValue(p + "u")}, {AmountValue(p + "y")})");

            // In the order Bind fills them.
            foreach (var name in "crkastmioqvgxeuy")
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = p + name;
                command.Parameters.Add(parameter);
            }
        }

        command.CommandText = sql.Append(" ON CONFLICT (ChannelId, Sequence, RequestId, Kind, CumulativeCharged) DO NOTHING;").ToString();
        return command;
    }

    private void Bind(DbCommand command, IReadOnlyList<ChargeRecord> charges, int start, int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            var charge = charges[start + i];
            var at = i * ParametersPerRow;
            var parameters = command.Parameters;
            parameters[at].Value = charge.ChannelId;
            parameters[at + 1].Value = charge.RequestId;
            parameters[at + 2].Value = ChargeKinds.ToText(charge.Kind);
            parameters[at + 3].Value = charge.Amount.ToString(CultureInfo.InvariantCulture);
            parameters[at + 4].Value = charge.CumulativeCharged.ToString(CultureInfo.InvariantCulture);
            parameters[at + 5].Value = ToDbTime(charge.ChargedAt);
            parameters[at + 6].Value = (object?)charge.Model ?? DBNull.Value;
            parameters[at + 7].Value = checked((long)charge.InputTokens);
            parameters[at + 8].Value = checked((long)charge.OutputTokens);
            parameters[at + 9].Value = charge.Sequence;
            parameters[at + 10].Value = charge.VoucherAmount.ToString(CultureInfo.InvariantCulture);
            parameters[at + 11].Value = (object?)charge.VoucherSignature ?? DBNull.Value;
            parameters[at + 12].Value = charge.SignedMaxClaimable.ToString(CultureInfo.InvariantCulture);
            parameters[at + 13].Value = charge.Ceiling.ToString(CultureInfo.InvariantCulture);
            parameters[at + 14].Value = charge.ExactSubUnits.ToString(CultureInfo.InvariantCulture);
            parameters[at + 15].Value = charge.CarriedSubUnits.ToString(CultureInfo.InvariantCulture);
        }
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
