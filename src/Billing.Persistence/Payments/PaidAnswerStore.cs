using System.Data.Common;
using Billing.Persistence.Sqlite;

namespace Billing.Persistence.Payments;

/// <summary>
/// The answers kept for payments that carried a payment identifier (Sql/*/PaidAnswers.sql), in the same database as the
/// grain state, so every silo, before and after a restart, answers a retried payment the same way. A row is written
/// once, after the charge it answers is committed; the first writer wins and later ones change nothing.
/// </summary>
public sealed class PaidAnswerStore
{
    private const string Columns = "ChannelId, PaymentId, Fingerprint, Status, ContentType, PaymentResponse, Body, StoredAt";

    private readonly StorageProvider _provider;
    private readonly string _connectionString;
    private readonly SqliteWriteGate? _gate;

    public PaidAnswerStore(StorageProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (!Enum.IsDefined(provider))
        {
            throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider.");
        }

        _provider = provider;
        _connectionString = connectionString;

        // One writer per SQLite file: queue with the grain state and journal writes instead of sleeping on the lock.
        _gate = provider == StorageProvider.Sqlite ? SqliteWriteGate.For(connectionString) : null;
    }

    /// <summary>Keeps the answer; false when one was kept for this payment identifier on this channel before.</summary>
    public async Task<bool> TryAddAsync(StoredAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return await WriteAsync(
            async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText =
                    $"INSERT INTO PaidAnswer ({Columns}) VALUES (@channel, @payment, @fingerprint, @status, @contentType, @receipt, @body, @storedAt) ON CONFLICT DO NOTHING";
                Add(command, "channel", answer.ChannelId);
                Add(command, "payment", answer.PaymentId);
                Add(command, "fingerprint", answer.Fingerprint);
                Add(command, "status", answer.Status);
                Add(command, "contentType", (object?)answer.ContentType ?? DBNull.Value);
                Add(command, "receipt", (object?)answer.PaymentResponse ?? DBNull.Value);
                Add(command, "body", answer.Body);
                Add(command, "storedAt", answer.StoredAt.ToUnixTimeMilliseconds());
                return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
            },
            cancellationToken);
    }

    /// <summary>The answer kept for a payment identifier on a channel, unless it was stored before <paramref name="notBefore"/>.</summary>
    public async Task<StoredAnswer?> FindAsync(string channelId, string paymentId, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentException.ThrowIfNullOrEmpty(paymentId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM PaidAnswer WHERE ChannelId = @channel AND PaymentId = @payment AND StoredAt >= @notBefore";
        Add(command, "channel", channelId);
        Add(command, "payment", paymentId);
        Add(command, "notBefore", notBefore.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredAnswer(
            reader.GetString(0),
            reader.GetString(1),
            (byte[])reader.GetValue(2),
            reader.GetInt32(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            (byte[])reader.GetValue(6),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)));
    }

    /// <summary>Deletes answers stored before <paramref name="before"/>; returns how many.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM PaidAnswer WHERE StoredAt < @before";
                Add(command, "before", before.ToUnixTimeMilliseconds());
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);

    private async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> write, CancellationToken cancellationToken)
    {
        async Task<T> Run()
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await write(connection);
        }

        return _gate is null ? await Run() : await _gate.WriteAsync(Run, cancellationToken);
    }

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        DurableConnection.OpenAsync(_provider, _connectionString, cancellationToken);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
