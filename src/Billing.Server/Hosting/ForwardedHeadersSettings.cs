namespace Billing.Server.Hosting;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the server believes. Bound from
/// configuration section "ForwardedHeaders". Empty (the default): nobody's, and the client address is the socket's, so a
/// client cannot choose the address its rate limits are counted under. Behind a proxy, name it here, or every client
/// shares the proxy's address and one client's refusals spend everyone's budget.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxy hops to unwind, from the right of <c>X-Forwarded-For</c>.</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool TrustsAnyProxy => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}
