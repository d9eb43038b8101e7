using System.Numerics;
using System.Text.Json.Nodes;
using Billing.Evm.Abi;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.Evm.Rpc;
using Billing.Evm.Tests.Support;

namespace Billing.Evm.Tests.Rpc;

[Collection(AnvilCollection.Name)]
[Trait("Category", "Anvil")]
public sealed class AnvilRpcTests(AnvilFixture anvil) : IDisposable
{
    private readonly PrivateKey _key0 = PrivateKey.FromHex(AnvilFixture.Key0);

    public void Dispose() => _key0.Dispose();

    [Fact]
    public async Task Transaction_signed_by_us_is_accepted_and_mined()
    {
        var sender = await TransactionSender.CreateAsync(anvil.Rpc, _key0, Secp256k1.Default, anvil.FastSenderOptions);
        var recipient = new Address(Keccak256.Hash("recipient-1"u8).AsSpan()[..20]);
        var before = await anvil.Rpc.GetBalanceAsync(recipient);

        var receipt = await sender.SendAndWaitAsync(new TransactionRequest(recipient, []) { Value = 123_456_789 }, timeout: TimeSpan.FromSeconds(20));

        Assert.True(receipt.Succeeded);
        Assert.Equal(_key0.Address, receipt.From);
        Assert.Equal(recipient, receipt.To);
        Assert.Equal(21_000UL, receipt.GasUsed);
        Assert.True(receipt.EffectiveGasPrice > 0);
        Assert.Equal(before + 123_456_789, await anvil.Rpc.GetBalanceAsync(recipient));
        var block = await anvil.Rpc.GetBlockByNumberAsync(receipt.BlockNumber);
        Assert.NotNull(block);
        Assert.Equal(receipt.BlockHash, block.Hash);
        Assert.Contains(receipt.TransactionHash, block.TransactionHashes);
    }

    [Fact]
    public async Task Signature_from_anvil_eth_signTypedData_v4_recovers_to_the_signer()
    {
        var domain = new BatchSettlementDomain(anvil.ChainId, Address.Parse("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003"));
        var channelId = Keccak256.Hash("channel"u8);
        var json = $$"""
            {
              "types": {
                "EIP712Domain": [ {"name":"name","type":"string"}, {"name":"version","type":"string"}, {"name":"chainId","type":"uint256"}, {"name":"verifyingContract","type":"address"} ],
                "Voucher": [ {"name":"channelId","type":"bytes32"}, {"name":"maxClaimableAmount","type":"uint128"} ]
              },
              "primaryType": "Voucher",
              "domain": { "name": "x402 Batch Settlement", "version": "1", "chainId": {{anvil.ChainId}}, "verifyingContract": "0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003" },
              "message": { "channelId": "{{channelId}}", "maxClaimableAmount": "987654321" }
            }
            """;
        var result = await anvil.Rpc.SendAsync("eth_signTypedData_v4", [_key0.Address.ToLowerHex(), JsonNode.Parse(json)]);
        var signature = Hex.Decode(result.GetString()!);

        var digest = domain.VoucherDigest(channelId, 987_654_321);
        Assert.Equal(digest, TypedData.Parse(json).Digest());
        Assert.True(Secp256k1.Default.TryRecover(digest.AsSpan(), signature, out var signer));
        Assert.Equal(_key0.Address, signer);
        Assert.True(Secp256k1.Managed.TryRecover(digest.AsSpan(), signature, out var managedSigner));
        Assert.Equal(_key0.Address, managedSigner);
        Assert.True(Secp256k1.Default.TryRecover(domain.VoucherDigest(channelId, 987_654_322).AsSpan(), signature, out var other));
        Assert.NotEqual(_key0.Address, other);
    }

    [Fact]
    public async Task Transfer_event_of_a_deployed_contract_is_decoded()
    {
        using var key = PrivateKey.FromHex(AnvilFixture.Key1);
        var sender = await TransactionSender.CreateAsync(anvil.Rpc, key, Secp256k1.Default, anvil.FastSenderOptions);
        var deployment = await sender.SendAndWaitAsync(new TransactionRequest(null, HandWrittenContracts.TransferEmitterInitCode), timeout: TimeSpan.FromSeconds(20));
        Assert.True(deployment.Succeeded);
        var token = deployment.ContractAddress ?? throw new InvalidOperationException("no contract address");
        Assert.Equal(HandWrittenContracts.TransferEmitterRuntime, await anvil.Rpc.GetCodeAsync(token));

        var to = new Address(Keccak256.Hash("to"u8).AsSpan()[..20]);
        var receipt = await sender.SendAndWaitAsync(new TransactionRequest(token, Erc20Token.EncodeTransfer(to, 4242)), timeout: TimeSpan.FromSeconds(20));

        var log = Assert.Single(receipt.Logs);
        Assert.True(log.Is(Erc20Token.TransferEvent));
        var transfer = log.Decode(Erc20Token.TransferEvent);
        Assert.Equal(key.Address, transfer.Get<Address>("from"));
        Assert.Equal(to, transfer.Get<Address>("to"));
        Assert.Equal(new BigInteger(4242), transfer.Get<BigInteger>("value"));

        var logs = await anvil.Rpc.GetLogsAsync(new LogFilter
        {
            FromBlock = RpcQuantity.Encode(receipt.BlockNumber),
            ToBlock = RpcQuantity.Encode(receipt.BlockNumber),
            Addresses = [token],
            Topics = [[Erc20Token.TransferEvent.Topic], null, [new Hash32([.. new byte[12], .. to.AsSpan()])]],
        });
        Assert.Equal(receipt.TransactionHash, Assert.Single(logs).TransactionHash);
    }

    [Fact]
    public async Task Revert_of_a_call_becomes_a_typed_exception_with_the_custom_error()
    {
        var target = new Address(Keccak256.Hash("reverter"u8).AsSpan()[..20]);
        var error = BatchSettlementAbi.Errors.Single(e => e.Name == "ClaimExceedsCeiling");
        await anvil.Rpc.Anvil.SetCodeAsync(target, HandWrittenContracts.RevertWith(error.SelectorBytes));
        var rpc = new EthRpcClient(new HttpClient(), anvil.Endpoint, new EthRpcOptions { KnownErrors = BatchSettlementAbi.Errors });

        var ex = await Assert.ThrowsAsync<EvmRevertException>(() => rpc.CallAsync(target, [1, 2, 3, 4]));
        Assert.Equal(RevertKind.Custom, ex.Reason.Kind);
        Assert.Same(error, ex.Reason.CustomError);
        Assert.Equal(Hex.Encode(error.SelectorBytes), ex.Selector);

        var estimate = await Assert.ThrowsAsync<EvmRevertException>(() => rpc.EstimateGasAsync(new CallRequest { To = target }));
        Assert.Equal(Hex.Encode(error.SelectorBytes), estimate.Selector);
    }

    [Fact]
    public async Task Json_rpc_errors_are_typed()
    {
        var ex = await Assert.ThrowsAsync<JsonRpcException>(() => anvil.Rpc.SendAsync("eth_noSuchMethod", []));
        Assert.NotEqual(0, ex.Code);
        Assert.Equal("eth_noSuchMethod", ex.Method);
    }

    [Fact]
    public async Task Batch_requests_answer_in_request_order_with_per_call_errors()
    {
        var results = await anvil.Rpc.SendBatchAsync(
        [
            new RpcRequest("eth_chainId"),
            new RpcRequest("eth_noSuchMethod"),
            new RpcRequest("eth_getBalance", _key0.Address.ToLowerHex(), "latest"),
        ]);
        Assert.Equal(3, results.Count);
        Assert.Equal(anvil.ChainId, RpcQuantity.Parse(results[0].GetResultOrThrow().GetString()));
        Assert.NotNull(results[1].Error);
        Assert.Null(results[1].Result);
        Assert.True(RpcQuantity.ParseBig(results[2].GetResultOrThrow().GetString()) > 0);
    }

    [Fact]
    public async Task Fee_suggestion_covers_the_next_base_fee()
    {
        var fees = await anvil.Rpc.SuggestFeesAsync();
        var latest = await anvil.Rpc.GetBlockByNumberAsync("latest");
        Assert.NotNull(latest?.BaseFeePerGas);
        Assert.True(fees.MaxPriorityFeePerGas >= 1);
        Assert.True(fees.MaxFeePerGas >= latest.BaseFeePerGas + fees.MaxPriorityFeePerGas);
    }

    [Fact]
    public async Task Snapshot_and_revert_restore_balances()
    {
        var account = new Address(Keccak256.Hash("snapshot"u8).AsSpan()[..20]);
        var snapshot = await anvil.Rpc.Anvil.SnapshotAsync();
        await anvil.Rpc.Anvil.SetBalanceAsync(account, 5);
        Assert.Equal(new BigInteger(5), await anvil.Rpc.GetBalanceAsync(account));
        Assert.True(await anvil.Rpc.Anvil.RevertAsync(snapshot));
        Assert.Equal(BigInteger.Zero, await anvil.Rpc.GetBalanceAsync(account));
    }
}
