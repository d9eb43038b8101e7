using System.Net;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.LoadGenerator.Load;

/// <summary>
/// The paid route under load, over keep-alive HTTP/1.1 with one connection per channel. Remembers the first refusal so a
/// run with errors says why.
/// </summary>
public sealed class PaidRoute : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _route;
    private string? _firstFailure;

    public PaidRoute(Uri baseAddress, int connections)
    {
        _route = new Uri(baseAddress, "/v1/fortune");
        _http = LoopbackHttp.Create(connections);
    }

    public string? FirstFailure => _firstFailure;

    /// <summary>The route's batch-settlement offer, read from an unpaid request's 402: what every payment then accepts.</summary>
    public async Task<PaymentRequirements> ReadOfferAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(_route, cancellationToken);
        if (response.StatusCode != HttpStatusCode.PaymentRequired
            || !response.Headers.TryGetValues(X402Headers.PaymentRequired, out var values))
        {
            throw new InvalidOperationException($"{_route} answered {(int)response.StatusCode} without a {X402Headers.PaymentRequired} header to an unpaid request.");
        }

        if (!PaymentHeaderCodec.Default.DecodePaymentRequired(values.First()).TryGetValue(out var required, out var error))
        {
            throw new InvalidOperationException($"{_route} sent an unreadable {X402Headers.PaymentRequired}: {error.Message}");
        }

        return required.Accepts.FirstOrDefault(a => a.Scheme == "batch-settlement")
            ?? throw new InvalidOperationException($"{_route} offers no batch-settlement payment.");
    }

    public async ValueTask<bool> PayAsync(string paymentSignature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _route);
        request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, paymentSignature);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            var reason = response.Headers.TryGetValues(X402Headers.PaymentRequired, out var required)
                && PaymentHeaderCodec.Default.DecodePaymentRequired(required.First()).TryGetValue(out var challenge, out _)
                    ? challenge.Error
                    : await response.Content.ReadAsStringAsync();
            Interlocked.CompareExchange(ref _firstFailure, $"HTTP {(int)response.StatusCode}: {Shorten(reason)}", null);
            return false;
        }
        catch (HttpRequestException e)
        {
            Interlocked.CompareExchange(ref _firstFailure, $"transport: {e.Message}", null);
            return false;
        }
        catch (TaskCanceledException)
        {
            Interlocked.CompareExchange(ref _firstFailure, "timed out after 30 s", null);
            return false;
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 200 ? text : text[..200] + "…";
}
