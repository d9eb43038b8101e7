namespace Billing.Server.Gateway;

/// <summary>
/// A model's prices on a route as people write them (<c>$0.15/1M tokens</c>, <c>$0.0001/call</c>); read exactly by
/// <c>PriceParser</c>. An absent price is free.
/// </summary>
public sealed class GatewayPriceOptions
{
    /// <summary>The model as the request names it (case-insensitive), or <c>*</c> for every model without its own price.</summary>
    public string Model { get; set; } = "*";

    public string? Call { get; set; }

    public string? Input { get; set; }

    public string? CachedInput { get; set; }

    public string? Output { get; set; }

    public string? Reasoning { get; set; }
}
