using System.Text.Json;
using Billing.Server.Hosting;
using Billing.X402;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Storage;

namespace Billing.Server.Tests.Hosting;

/// <summary>What a client is told when a request failed because the cluster could not reach a grain.</summary>
public sealed class ClusterUnavailableHandlerTests
{
    public static TheoryData<Exception> Unreachable => new()
    {
        new SiloUnavailableException(),
        new GatewayTooBusyException(),
        new TimeoutException("Response did not arrive on time"),
        new InconsistentStateException("etag mismatch"),
        new InvalidOperationException("wrapped", new SiloUnavailableException()),
    };

    [Theory]
    [MemberData(nameof(Unreachable))]
    public async Task An_unreachable_grain_is_a_503_with_retry_after_and_an_x402_reason(Exception failure)
    {
        var context = NewContext();

        var handled = await new ClusterUnavailableHandler(NullLogger<ClusterUnavailableHandler>.Instance).TryHandleAsync(context, failure, CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(X402ErrorReasons.BatchVerificationStateUnavailable, body.RootElement.GetProperty("error").GetString());
        Assert.Contains("nothing was charged", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_failure_is_left_to_the_bare_500()
    {
        var context = NewContext();

        var handled = await new ClusterUnavailableHandler(NullLogger<ClusterUnavailableHandler>.Instance)
            .TryHandleAsync(context, new InvalidOperationException("a bug"), CancellationToken.None);

        Assert.False(handled);
        Assert.Equal(0, context.Response.Body.Length);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
    }

    private static DefaultHttpContext NewContext() => new() { Response = { Body = new MemoryStream() } };
}
