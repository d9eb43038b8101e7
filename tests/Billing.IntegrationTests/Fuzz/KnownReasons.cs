using System.Reflection;
using Billing.X402;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>The reasons a refusal may carry: every x402 error reason, the identifier conflict and payment copies (409), the rate limit (429).</summary>
internal static class KnownReasons
{
    public const string PaymentIdentifierConflict = "payment_identifier_conflict";

    public const string RateLimited = "rate_limited";

    /// <summary>A copy of a payment still being served, or already redeemed with no answer kept (409).</summary>
    public static readonly string[] PaymentCopies = ["payment_in_progress", "payment_already_redeemed"];

    public static IReadOnlySet<string> All { get; } = typeof(X402ErrorReasons)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Append(PaymentIdentifierConflict)
        .Concat(PaymentCopies)
        .Append(RateLimited)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Why a valid payment may still be refused: the channel's state, not the payment's form.</summary>
    public static IReadOnlySet<string> ChannelState { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        X402ErrorReasons.BatchCumulativeAmountMismatch,
        X402ErrorReasons.BatchCumulativeBelowClaimed,
        X402ErrorReasons.BatchChannelBusy,
    };
}
