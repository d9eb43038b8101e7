using System.Security.Cryptography;
using System.Text;
using Billing.Persistence.Payments;
using Microsoft.Extensions.Options;

namespace Billing.Server.Payments;

/// <summary>
/// The answers given to payments that carried a payment identifier, kept in the billing database so a retry of the same
/// payment gets the same answer on any silo and after a restart, and a different payment under the same identifier is
/// refused (409). The channel ledger decides whether a payment was redeemed; this store only keeps what it bought,
/// bounded in size per answer (<see cref="PaymentOptions.StoredAnswerMaxBytes"/>) and in time
/// (<see cref="PaymentOptions.StoredAnswerRetention"/>). A payment whose answer is not kept gets a refusal, never a second run.
/// </summary>
public sealed partial class PaidResponseStore(PaidAnswerStore table, IOptions<PaymentOptions> options, TimeProvider time, ILogger<PaidResponseStore> logger)
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);
    private readonly PaymentOptions _options = options.Value;
    private long _nextPurgeTicks;

    public static byte[] Fingerprint(string paymentHeader) => SHA256.HashData(Encoding.UTF8.GetBytes(paymentHeader));

    /// <summary>The answer kept for the payment identifier on the channel, or null (never kept, expired, or unreadable).</summary>
    public async Task<PaidAnswer?> FindAsync(string channelId, string paymentId, CancellationToken cancellationToken)
    {
        try
        {
            var row = await table.FindAsync(channelId, paymentId, time.GetUtcNow() - _options.StoredAnswerRetention, cancellationToken);
            return row is null ? null : new PaidAnswer(row.Fingerprint, row.Status, row.ContentType, row.PaymentResponse, row.Body);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Without the stored answer the retry is refused; it must not fail the request or run the route.
            LogStoreFailed(logger, ex, "reading");
            return null;
        }
    }

    /// <summary>
    /// Keeps a committed answer unless it is larger than the bound. A failure is logged, not thrown: the charge is
    /// committed and its answer is due to the payer; a retry then gets a refusal instead of the copy.
    /// </summary>
    public async Task RememberAsync(string channelId, string paymentId, PaidAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Body.Length > _options.StoredAnswerMaxBytes)
        {
            return;
        }

        var now = time.GetUtcNow();
        try
        {
            await table.TryAddAsync(
                new StoredAnswer(channelId, paymentId, answer.PaymentFingerprint, answer.Status, answer.ContentType, answer.PaymentResponse, answer.Body, now),
                cancellationToken);
            await PurgeExpiredAsync(now, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            LogStoreFailed(logger, ex, "writing");
        }
    }

    /// <summary>At most once a minute per silo, so the table holds about one retention period of answers.</summary>
    private async Task PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextPurgeTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeInterval).UtcTicks, due) != due)
        {
            return;
        }

        await table.PurgeAsync(now - _options.StoredAnswerRetention, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored answers: {Operation} failed")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string operation);
}

/// <summary>A stored answer: the payment it answered (by fingerprint) and what was sent.</summary>
public sealed record PaidAnswer(byte[] PaymentFingerprint, int Status, string? ContentType, string? PaymentResponse, byte[] Body)
{
    public bool Answers(byte[] fingerprint) => CryptographicOperations.FixedTimeEquals(PaymentFingerprint, fingerprint);
}
