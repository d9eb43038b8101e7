namespace Billing.Server.Payments;

/// <summary>A route priced in configuration (section "Payment:Routes"), for endpoints the provider does not annotate.</summary>
public sealed class PaidRoute
{
    /// <summary>An exact request path, or a prefix ending in "*" ("/v1/*").</summary>
    public string Path { get; set; } = "";

    /// <summary>Atomic units of the payment asset.</summary>
    public ulong Price { get; set; }

    public string? Description { get; set; }

    /// <summary>"batch-settlement" (the default), "exact", or "batch-settlement,exact" to offer both.</summary>
    public string? Scheme { get; set; }
}
