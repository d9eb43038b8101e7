using System.Net;

namespace Billing.Evm.Tests.Support;

/// <summary>
/// Passes JSON-RPC through to a real node, but loses the node's answer to the first eth_sendRawTransaction (HTTP 502):
/// the transaction arrived, the sender cannot know it.
/// </summary>
internal sealed class LostSendAnswerHandler() : DelegatingHandler(new HttpClientHandler())
{
    private int _lost;

    public int Lost => _lost;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (body.Contains("\"eth_sendRawTransaction\"", StringComparison.Ordinal) && Interlocked.CompareExchange(ref _lost, 1, 0) == 0)
        {
            response.Dispose();
            return new HttpResponseMessage(HttpStatusCode.BadGateway);
        }

        return response;
    }
}
