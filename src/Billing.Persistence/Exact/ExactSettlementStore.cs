using System.Data.Common;

namespace Billing.Persistence.Exact;

/// <summary>
/// The table of <c>exact</c> authorizations (Sql/*/ExactSettlements.sql), in the same database as the grain state. A
/// claim is one insert that does nothing when the row exists, so two requests carrying one authorization, on one silo
/// or several, can never both be settled. Every state change names the state it leaves, so a late writer cannot
/// undo a newer outcome.
/// </summary>
public sealed class ExactSettlementStore
{
    private const string Columns = "Network, Asset, Payer, Nonce, Amount, PayTo, Status, TransactionHash, ValidBefore, CreatedAt, UpdatedAt";
    private const string KeyMatch = "Network = @network AND Asset = @asset AND Payer = @payer AND Nonce = @nonce";

    private readonly StorageProvider _provider;
    private readonly string _connectionString;

    public ExactSettlementStore(StorageProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (!Enum.IsDefined(provider))
        {
            throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider.");
        }

        _provider = provider;
        _connectionString = connectionString;
    }

    /// <summary>Records the authorization as in flight; false when it was claimed before (a replay).</summary>
    public async Task<bool> TryClaimAsync(
        ExactAuthorizationKey key, string amount, string payTo, DateTimeOffset validBefore, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var inserted = await ExecuteAsync(
            $"INSERT INTO ExactSettlement ({Columns}) VALUES (@network, @asset, @payer, @nonce, @amount, @payTo, @status, NULL, @validBefore, @now, @now) ON CONFLICT DO NOTHING",
            key,
            cancellationToken,
            ("amount", amount),
            ("payTo", payTo.ToLowerInvariant()),
            ("status", Text(ExactSettlementStatus.InFlight)),
            ("validBefore", validBefore.ToUnixTimeMilliseconds()),
            ("now", now.ToUnixTimeMilliseconds()));
        return inserted == 1;
    }

    /// <summary>Forgets an in-flight claim whose transfer was never sent: the authorization stays unspent and usable.</summary>
    public async Task<bool> ReleaseAsync(ExactAuthorizationKey key, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            $"DELETE FROM ExactSettlement WHERE {KeyMatch} AND Status = @inFlight",
            key,
            cancellationToken,
            ("inFlight", Text(ExactSettlementStatus.InFlight))) == 1;

    /// <summary>The transfer was sent: from now on only its transaction can settle the authorization.</summary>
    public async Task<bool> MarkPendingAsync(ExactAuthorizationKey key, string transactionHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            $"UPDATE ExactSettlement SET Status = @pending, TransactionHash = @transaction, UpdatedAt = @now WHERE {KeyMatch} AND Status = @inFlight",
            key,
            cancellationToken,
            ("pending", Text(ExactSettlementStatus.Pending)),
            ("transaction", transactionHash.ToLowerInvariant()),
            ("now", now.ToUnixTimeMilliseconds()),
            ("inFlight", Text(ExactSettlementStatus.InFlight))) == 1;

    /// <summary>Records the final outcome of an in-flight or pending authorization; false when it was already final.</summary>
    public async Task<bool> ResolveAsync(ExactAuthorizationKey key, ExactSettlementStatus outcome, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (outcome is not (ExactSettlementStatus.Settled or ExactSettlementStatus.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Only settled or failed are final.");
        }

        return await ExecuteAsync(
            $"UPDATE ExactSettlement SET Status = @outcome, UpdatedAt = @now WHERE {KeyMatch} AND Status IN (@inFlight, @pending)",
            key,
            cancellationToken,
            ("outcome", Text(outcome)),
            ("now", now.ToUnixTimeMilliseconds()),
            ("inFlight", Text(ExactSettlementStatus.InFlight)),
            ("pending", Text(ExactSettlementStatus.Pending))) == 1;
    }

    public async Task<ExactSettlementRecord?> FindAsync(ExactAuthorizationKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var rows = await QueryAsync($"SELECT {Columns} FROM ExactSettlement WHERE {KeyMatch}", key, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Pending transfers last touched before <paramref name="before"/>, oldest first: the reconciler's work list.</summary>
    public Task<IReadOnlyList<ExactSettlementRecord>> PendingAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return QueryAsync(
            $"SELECT {Columns} FROM ExactSettlement WHERE Status = @pending AND UpdatedAt < @before ORDER BY UpdatedAt LIMIT @limit",
            null,
            cancellationToken,
            ("pending", Text(ExactSettlementStatus.Pending)),
            ("before", before.ToUnixTimeMilliseconds()),
            ("limit", limit));
    }

    private async Task<int> ExecuteAsync(string sql, ExactAuthorizationKey key, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, key, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<ExactSettlementRecord>> QueryAsync(
        string sql, ExactAuthorizationKey? key, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, key, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ExactSettlementRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ExactSettlementRecord(
                new ExactAuthorizationKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)),
                reader.GetString(4),
                reader.GetString(5),
                Status(reader.GetString(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10))));
        }

        return rows;
    }

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        DurableConnection.OpenAsync(_provider, _connectionString, cancellationToken);

    private static DbCommand Command(DbConnection connection, string sql, ExactAuthorizationKey? key, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (key is not null)
        {
            Add(command, "network", key.Network);
            Add(command, "asset", key.Asset);
            Add(command, "payer", key.Payer);
            Add(command, "nonce", key.Nonce);
        }

        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Text(ExactSettlementStatus status) => status switch
    {
        ExactSettlementStatus.InFlight => "in_flight",
        ExactSettlementStatus.Pending => "pending",
        ExactSettlementStatus.Settled => "settled",
        ExactSettlementStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static ExactSettlementStatus Status(string text) => text switch
    {
        "in_flight" => ExactSettlementStatus.InFlight,
        "pending" => ExactSettlementStatus.Pending,
        "settled" => ExactSettlementStatus.Settled,
        "failed" => ExactSettlementStatus.Failed,
        _ => throw new InvalidDataException($"Unknown exact settlement status '{text}'."),
    };
}
