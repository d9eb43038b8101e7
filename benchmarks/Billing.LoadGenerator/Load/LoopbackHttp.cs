namespace Billing.LoadGenerator.Load;

/// <summary>The load generator's HTTP client: keep-alive HTTP/1.1, one pooled connection per channel, no proxy, no cookies.</summary>
public static class LoopbackHttp
{
    public static HttpClient Create(int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
}
