using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Billing.X402;
using Billing.X402.Facilitator;
using Billing.X402.Json;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.Facilitator;

/// <summary>Calls a facilitator's endpoints over real HTTP, as the reference HTTPFacilitatorClient does, and reads the replies strictly.</summary>
internal sealed class FacilitatorCaller(Uri baseAddress, string? token = null) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(90) };

    public async Task<SupportedResponse> SupportedAsync()
    {
        using var response = await _http.GetAsync(new Uri("/supported", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Read(await response.Content.ReadAsByteArrayAsync(), X402JsonContext.Default.SupportedResponse);
    }

    public async Task<(HttpStatusCode Status, VerifyResponse Reply)> VerifyAsync(string body)
    {
        using var response = await PostAsync("/verify", body);
        return (response.StatusCode, Read(await response.Content.ReadAsByteArrayAsync(), X402JsonContext.Default.VerifyResponse));
    }

    public async Task<(HttpStatusCode Status, SettlementResponse Reply)> SettleAsync(string body)
    {
        using var response = await PostAsync("/settle", body);
        return (response.StatusCode, Read(await response.Content.ReadAsByteArrayAsync(), X402JsonContext.Default.SettlementResponse));
    }

    /// <summary>A POST whose reply is not read as a facilitator answer (401s, for instance).</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    private static T Read<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        var result = StrictJson.Deserialize(body, type, X402ErrorReasons.InvalidPayload);
        Assert.True(result.IsSuccess, $"unreadable facilitator reply: {Encoding.UTF8.GetString(body)}");
        return result.Value;
    }

    public void Dispose() => _http.Dispose();
}
