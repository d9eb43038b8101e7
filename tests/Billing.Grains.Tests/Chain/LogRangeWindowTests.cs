using Billing.Evm.Rpc;
using Billing.Grains.Chain;

namespace Billing.Grains.Tests.Chain;

public sealed class LogRangeWindowTests
{
    [Fact]
    public void A_refused_range_halves_down_to_the_floor_and_no_further()
    {
        var window = new LogRangeWindow(max: 2_000, floor: 300);

        Assert.Equal(2_000UL, window.Current);
        Assert.True(window.Shrink());
        Assert.Equal(1_000UL, window.Current);
        Assert.True(window.Shrink());
        Assert.Equal(500UL, window.Current);
        Assert.True(window.Shrink());
        Assert.Equal(300UL, window.Current);

        // At the floor a refusal is not about size: the watcher stops shrinking and lets the error surface.
        Assert.False(window.Shrink());
        Assert.Equal(300UL, window.Current);
    }

    [Fact]
    public void Answered_queries_grow_the_window_back_slowly_and_never_past_the_maximum()
    {
        var window = new LogRangeWindow(max: 2_000, floor: 10);
        while (window.Shrink())
        {
        }

        Assert.Equal(10UL, window.Current);
        window.Grow();
        Assert.Equal(11UL, window.Current); // an eighth, at least one block

        var queries = 1;
        while (window.Current < 2_000)
        {
            var before = window.Current;
            window.Grow();
            Assert.InRange(window.Current, before + 1, Math.Min(2_000, before + Math.Max(1, before / 8)));
            queries++;
        }

        Assert.InRange(queries, 20, 200); // slowly: many answered queries, not one
        window.Grow();
        Assert.Equal(2_000UL, window.Current);
    }

    [Theory]
    [InlineData(-32005, "limit exceeded")]
    [InlineData(-32005, "anything at all")]
    [InlineData(-32602, "query exceeds max block range 1000")]
    [InlineData(-32000, "query returned more than 10000 results")]
    [InlineData(-32000, "block range too large")]
    [InlineData(-32600, "Log response size exceeded")]
    public void Provider_refusals_of_a_range_are_recognised(long code, string message) =>
        Assert.True(LogRangeWindow.IsRangeRefusal(new JsonRpcException("eth_getLogs", code, message, null)));

    [Theory]
    [InlineData(-32602, "invalid address")]
    [InlineData(-32000, "header not found")]
    public void Other_errors_are_not_taken_for_range_refusals(long code, string message) =>
        Assert.False(LogRangeWindow.IsRangeRefusal(new JsonRpcException("eth_getLogs", code, message, null)));

    [Fact]
    public void A_transport_failure_is_not_a_range_refusal() =>
        Assert.False(LogRangeWindow.IsRangeRefusal(new EthRpcTransportException("eth_getLogs", 3, "connection refused", null)));
}
