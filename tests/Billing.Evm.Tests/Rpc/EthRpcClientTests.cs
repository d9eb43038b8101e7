using System.Net;
using System.Text.Json;
using Billing.Evm.Abi;
using Billing.Evm.Rpc;
using Billing.Evm.Tests.Support;

namespace Billing.Evm.Tests.Rpc;

public class EthRpcClientTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:1/");

    private static readonly EthRpcOptions Fast = new()
    {
        MaxRetries = 2,
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
        RequestTimeout = TimeSpan.FromMilliseconds(200),
    };

    private static (EthRpcClient Client, ScriptedHandler Handler) Create(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] steps)
    {
        var handler = new ScriptedHandler(steps);
        return (new EthRpcClient(new HttpClient(handler), Endpoint, Fast), handler);
    }

    [Fact]
    public async Task Transport_errors_are_retried_then_succeed()
    {
        var (client, handler) = Create(ScriptedHandler.Refused(), ScriptedHandler.Text("bad gateway", HttpStatusCode.BadGateway),
            ScriptedHandler.Json("""{"jsonrpc":"2.0","id":1,"result":"0x7a69"}"""));
        Assert.Equal(31337UL, await client.GetChainIdAsync());
        Assert.Equal(3, handler.Calls);
        Assert.All(handler.Bodies, body => Assert.Equal(handler.Bodies[0], body)); // the identical request each time
    }

    [Fact]
    public async Task Transport_errors_give_up_after_the_retry_budget()
    {
        var (client, handler) = Create(ScriptedHandler.Refused());
        var ex = await Assert.ThrowsAsync<EthRpcTransportException>(() => client.GetBlockNumberAsync());
        Assert.Equal(3, handler.Calls);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal("eth_blockNumber", ex.Method);
    }

    [Fact]
    public async Task Json_rpc_errors_are_not_retried_and_are_typed()
    {
        var (client, handler) = Create(ScriptedHandler.Json(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"insufficient funds","data":{"x":1}}}"""));
        var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.GetChainIdAsync());
        Assert.Equal(1, handler.Calls);
        Assert.Equal(-32000, ex.Code);
        Assert.Equal("insufficient funds", ex.RpcMessage);
        Assert.Equal("""{"x":1}""", ex.ErrorData);
    }

    [Fact]
    public async Task A_hanging_node_times_out_per_attempt()
    {
        var (client, handler) = Create(ScriptedHandler.Hang());
        var ex = await Assert.ThrowsAsync<EthRpcTransportException>(() => client.GetChainIdAsync());
        Assert.Equal(3, handler.Calls);
        Assert.Contains("no answer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task State_changing_test_methods_are_not_retried_after_a_timeout()
    {
        var (client, handler) = Create(ScriptedHandler.Hang());
        await Assert.ThrowsAsync<EthRpcTransportException>(() => client.Anvil.MineAsync());
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task Client_errors_without_json_are_not_retried()
    {
        var (client, handler) = Create(ScriptedHandler.Text("forbidden", HttpStatusCode.Forbidden));
        await Assert.ThrowsAsync<EthRpcTransportException>(() => client.GetChainIdAsync());
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_a_retry()
    {
        var (client, handler) = Create(ScriptedHandler.Hang());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetChainIdAsync(cancel.Token));
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task Call_revert_with_error_string_becomes_EvmRevertException()
    {
        var data = Hex.Encode(AbiError.Parse("Error(string)").Encode("not enough"));
        var (client, _) = Create(ScriptedHandler.Json(
            $$$"""{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted: not enough","data":"{{{data}}}"}}"""));
        var ex = await Assert.ThrowsAsync<EvmRevertException>(() => client.CallAsync(Address.Zero, []));
        Assert.Equal(RevertKind.Error, ex.Reason.Kind);
        Assert.Equal("not enough", ex.Reason.Message);
        Assert.Equal("0x08c379a0", ex.Selector);
    }

    [Fact]
    public async Task Panic_and_unknown_custom_errors_are_classified()
    {
        var panic = Hex.Encode(AbiError.Parse("Panic(uint256)").Encode(0x11));
        var (client, _) = Create(
            ScriptedHandler.Json($$$"""{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted","data":"{{{panic}}}"}}"""),
            ScriptedHandler.Json("""{"jsonrpc":"2.0","id":2,"error":{"code":3,"message":"execution reverted","data":"0x12345678"}}"""));
        var overflow = await Assert.ThrowsAsync<EvmRevertException>(() => client.CallAsync(Address.Zero, []));
        Assert.Equal(RevertKind.Panic, overflow.Reason.Kind);
        Assert.Equal(0x11, (int)overflow.Reason.Panic!.Value);
        var unknown = await Assert.ThrowsAsync<EvmRevertException>(() => client.CallAsync(Address.Zero, []));
        Assert.Equal(RevertKind.Unknown, unknown.Reason.Kind);
        Assert.Equal("0x12345678", unknown.Selector);
    }

    [Fact]
    public async Task Other_call_errors_stay_json_rpc_errors()
    {
        var (client, _) = Create(ScriptedHandler.Json("""{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid params"}}"""));
        var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.CallAsync(Address.Zero, []));
        Assert.IsNotType<EvmRevertException>(ex);
    }

    [Fact]
    public async Task Already_known_raw_transaction_counts_as_sent()
    {
        var (client, _) = Create(ScriptedHandler.Json("""{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"already known"}}"""));
        byte[] raw = [0x02, 0xc0];
        Assert.Equal(Keccak256.Hash(raw), await client.SendRawTransactionAsync(raw));
    }

    [Fact]
    public async Task Missing_receipt_is_null_and_malformed_results_are_refused()
    {
        var (client, _) = Create(
            ScriptedHandler.Json("""{"jsonrpc":"2.0","id":1,"result":null}"""),
            ScriptedHandler.Json("""{"jsonrpc":"2.0","id":2,"result":"0xzz"}"""),
            ScriptedHandler.Json("""{"jsonrpc":"2.0","id":3}"""));
        Assert.Null(await client.GetTransactionReceiptAsync(Hash32.Zero));
        await Assert.ThrowsAsync<EvmDecodingException>(() => client.GetChainIdAsync());
        await Assert.ThrowsAsync<EvmDecodingException>(() => client.GetChainIdAsync());
    }

    [Fact]
    public async Task Requests_are_json_rpc_2_with_hex_quantities()
    {
        var (client, handler) = Create(ScriptedHandler.Json("""{"jsonrpc":"2.0","id":1,"result":"0x0"}"""));
        await client.GetTransactionCountAsync(Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        using var body = JsonDocument.Parse(handler.Bodies.Single());
        Assert.Equal("2.0", body.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Equal("eth_getTransactionCount", body.RootElement.GetProperty("method").GetString());
        Assert.Equal("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", body.RootElement.GetProperty("params")[0].GetString());
        Assert.Equal("pending", body.RootElement.GetProperty("params")[1].GetString());
    }

    [Theory]
    [InlineData(0UL, "0x0")]
    [InlineData(255UL, "0xff")]
    [InlineData(ulong.MaxValue, "0xffffffffffffffff")]
    public void Quantities_have_no_leading_zeros(ulong value, string expected)
    {
        Assert.Equal(expected, RpcQuantity.Encode(value));
        Assert.Equal(expected, RpcQuantity.Encode(new System.Numerics.BigInteger(value)));
        Assert.Equal(value, RpcQuantity.Parse(expected));
    }
}
