namespace Billing.Server.Gateway;

/// <summary>An upstream: one OpenAI-compatible server.</summary>
public sealed class GatewayClusterOptions
{
    /// <summary>Base address, e.g. <c>http://127.0.0.1:8000/</c>.</summary>
    public string Address { get; set; } = "";

    /// <summary>
    /// How long the upstream may stay silent (no response headers, no body bytes) before the request fails with 504 and
    /// is charged nothing.
    /// </summary>
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
