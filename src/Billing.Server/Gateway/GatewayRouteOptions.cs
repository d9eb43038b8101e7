namespace Billing.Server.Gateway;

/// <summary>One proxied path, the cluster it goes to, and its prices (per model, <c>*</c> for every other model).</summary>
public sealed class GatewayRouteOptions
{
    /// <summary>The request path, e.g. <c>/v1/chat/completions</c>; ASP.NET Core route templates are allowed.</summary>
    public string Path { get; set; } = "";

    public string Cluster { get; set; } = "";

    public List<GatewayPriceOptions> Prices { get; set; } = [];
}
