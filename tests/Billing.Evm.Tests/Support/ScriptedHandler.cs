using System.Net;
using System.Text;

namespace Billing.Evm.Tests.Support;

/// <summary>An HTTP handler that answers each request with the next scripted step and records what it was sent.</summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] steps) : HttpMessageHandler
{
    private int _calls;

    public int Calls => _calls;

    public List<string> Bodies { get; } = [];

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        (_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Text(string text, HttpStatusCode status) =>
        (_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(text) });

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Refused() =>
        (_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused");

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Hang() =>
        async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
        var index = Interlocked.Increment(ref _calls) - 1;
        return await steps[Math.Min(index, steps.Length - 1)](request, cancellationToken);
    }
}
