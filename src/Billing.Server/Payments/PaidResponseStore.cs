using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Billing.Server.Payments;

/// <summary>
/// The answers given to payments that carried a payment identifier, so a retry of the same payment gets the same answer
/// without running the route again, and a different payment under the same identifier is refused (409). Kept per silo and
/// bounded; money is protected regardless, because the channel ledger is idempotent under the same identifier.
/// </summary>
public sealed class PaidResponseStore : IDisposable
{
    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = 64 * 1024 * 1024 });
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    public static byte[] Fingerprint(string paymentHeader) => SHA256.HashData(Encoding.UTF8.GetBytes(paymentHeader));

    public PaidAnswer? Find(string paymentId) => _answers.TryGetValue(paymentId, out PaidAnswer? answer) ? answer : null;

    public void Remember(string paymentId, PaidAnswer answer) =>
        _answers.Set(paymentId, answer, new MemoryCacheEntryOptions { Size = answer.Body.Length + 512, SlidingExpiration = Retention });

    public void Dispose() => _answers.Dispose();
}

/// <summary>A stored answer: the payment it answered (by fingerprint) and what was sent.</summary>
public sealed record PaidAnswer(byte[] PaymentFingerprint, int Status, string? ContentType, string? PaymentResponse, byte[] Body)
{
    public bool Answers(byte[] fingerprint) => CryptographicOperations.FixedTimeEquals(PaymentFingerprint, fingerprint);
}
