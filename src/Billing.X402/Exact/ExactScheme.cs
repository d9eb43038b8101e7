namespace Billing.X402.Exact;

/// <summary>Constants of the x402 <c>exact</c> scheme.</summary>
public static class ExactScheme
{
    public const string Name = "exact";
}
