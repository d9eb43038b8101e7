using System.Net;
using System.Net.Http.Headers;
using Billing.Cli.LocalChain;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// A page on another origin must not be allowed to drive the operator API with a token it got hold of, and a request
/// that makes the server fail must not learn how it is built (no stack trace, no exception text).
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class OperatorApiAndErrorsRevealNothingTests(LocalChainFixture chain) : IAsyncLifetime
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-reveal-").FullName;
    private readonly HttpClient _http = new();
    private LocalServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, 1_000));

    [Fact]
    public async Task A_browser_on_another_origin_gets_no_cors_grant_for_the_operator_api()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(_server.BaseAddress, "/operator/reconciliation"));
        preflight.Headers.Add("Origin", "https://attacker.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var read = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, "/operator/reconciliation"));
        read.Headers.Add("Origin", "https://attacker.example");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _server.OperatorToken);

        using var preflighted = await _http.SendAsync(preflight);
        using var answered = await _http.SendAsync(read);

        Assert.False(preflighted.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(preflighted.Headers.Contains("Access-Control-Allow-Headers"));
        Assert.False(answered.Headers.Contains("Access-Control-Allow-Origin"));

        // The paid routes still grant browsers what x402 needs.
        using var paid = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, "/v1/fortune"));
        paid.Headers.Add("Origin", "https://agent.example");
        using var challenged = await _http.SendAsync(paid);
        Assert.True(challenged.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_request_that_fails_inside_the_server_gets_a_problem_500_without_exception_details()
    {
        // A key that is not a channel id is refused by the channel grain with an exception the endpoint does not expect.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, "/operator/channels/not-a-channel"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _server.OperatorToken);

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-channel", body, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
