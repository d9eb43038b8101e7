namespace Billing.Server.Gateway;

/// <summary>
/// The metered inference gateway, bound from configuration section "Gateway": paths proxied to upstream clusters, each
/// with its prices. No routes, no gateway.
/// </summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    public Dictionary<string, GatewayRouteOptions> Routes { get; set; } = [];

    public Dictionary<string, GatewayClusterOptions> Clusters { get; set; } = [];

    /// <summary>The output bound of a request that names no <c>max_tokens</c>; it is also sent upstream as the cap.</summary>
    public ulong DefaultMaxOutputTokens { get; set; } = 4096;

    /// <summary>Larger request bodies are refused (413) before they are priced: the prompt bound grows with the body.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>A non-streamed upstream answer larger than this is treated as an upstream failure and charges nothing.</summary>
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;
}
