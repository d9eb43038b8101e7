using Billing.Core.Pricing;

namespace Billing.Cli.Commands;

/// <summary>
/// The demo's metered gateway: <c>/v1/chat/completions</c> proxied to the in-process demo upstream, with prices as an
/// operator writes them, and the same prices read exactly to show how each charge is made up.
/// </summary>
internal static class DemoGateway
{
    public const string ChatPath = "/v1/chat/completions";
    public const string CallPrice = "$0.0001/call";
    public const string InputPrice = "$0.15/1M tokens";
    public const string CachedInputPrice = "$0.075/1M tokens";
    public const string OutputPrice = "$0.60/1M tokens";

    /// <summary>The server configuration that puts the gateway in front of <paramref name="upstream"/>.</summary>
    public static Dictionary<string, string?> Settings(Uri upstream) => new()
    {
        ["Gateway:Clusters:demo:Address"] = upstream.ToString(),
        ["Gateway:Routes:chat:Path"] = ChatPath,
        ["Gateway:Routes:chat:Cluster"] = "demo",
        ["Gateway:Routes:chat:Prices:0:Model"] = "*",
        ["Gateway:Routes:chat:Prices:0:Call"] = CallPrice,
        ["Gateway:Routes:chat:Prices:0:Input"] = InputPrice,
        ["Gateway:Routes:chat:Prices:0:CachedInput"] = CachedInputPrice,
        ["Gateway:Routes:chat:Prices:0:Output"] = OutputPrice,
    };

    /// <summary>The exact price of a reported usage, in sub-units (10^6 per atomic unit), before rounding.</summary>
    public static SubUnits Exact(DemoStreamUsage usage) =>
        PriceParser.ParsePerCall(CallPrice)
        + (PriceParser.ParsePerToken(InputPrice) * (usage.PromptTokens - usage.CachedTokens))
        + (PriceParser.ParsePerToken(CachedInputPrice) * usage.CachedTokens)
        + (PriceParser.ParsePerToken(OutputPrice) * usage.CompletionTokens);
}
