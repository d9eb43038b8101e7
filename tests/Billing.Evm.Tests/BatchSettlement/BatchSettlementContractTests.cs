using System.Numerics;
using Billing.Evm.Abi;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.Evm.Rpc;
using Billing.Evm.Tests.Support;

namespace Billing.Evm.Tests.BatchSettlement;

/// <summary>Our digests and bindings against the compiled settlement contract and test token, deployed on anvil.</summary>
[Collection(AnvilCollection.Name)]
[Trait("Category", "Anvil")]
public sealed class BatchSettlementContractTests(AnvilFixture anvil)
{
    private const ulong WithdrawDelay = 900;

    [ContractsBuiltFact]
    public async Task Contract_digests_equal_ours_for_random_inputs()
    {
        using var deployer = PrivateKey.FromHex(AnvilFixture.Key0);
        var sender = await TransactionSender.CreateAsync(anvil.Rpc, deployer, Secp256k1.Default, anvil.FastSenderOptions);
        var settlement = await DeployAsync(sender, ContractArtifacts.Bytecode("BatchSettlement"));
        var contract = new BatchSettlementContract(anvil.Rpc, settlement);
        var domain = new BatchSettlementDomain(anvil.ChainId, settlement);
        var random = new Random(77);

        for (var i = 0; i < 20; i++)
        {
            var config = new ChannelConfig(RandomAddress(random), RandomAddress(random), RandomAddress(random), RandomAddress(random),
                RandomAddress(random), (ulong)random.NextInt64(0, 1L << 40), RandomHash(random));
            var channelId = domain.ChannelId(config);
            Assert.Equal(channelId, await contract.GetChannelIdAsync(config));

            var max = new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
            Assert.Equal(domain.VoucherDigest(channelId, max), await contract.GetVoucherDigestAsync(channelId, max));
            Assert.Equal(domain.RefundDigest(channelId, i, max), await contract.GetRefundDigestAsync(channelId, i, max));

            var claims = Enumerable.Range(0, i % 4).Select(j => new VoucherClaim(config with { Salt = RandomHash(random) }, max, [], (UInt128)j)).ToArray();
            var entries = claims.Select(c => new ClaimEntry(domain.ChannelId(c.Channel), c.MaxClaimableAmount, c.TotalClaimed)).ToArray();
            Assert.Equal(domain.ClaimBatchDigest(entries), await contract.GetClaimBatchDigestAsync(claims));
        }
    }

    [ContractsBuiltFact]
    public async Task Deposit_claim_and_settle_round_trip_through_our_bindings()
    {
        using var operatorKey = PrivateKey.FromHex(AnvilFixture.Key0);
        using var payer = PrivateKey.Generate();
        using var receiver = PrivateKey.Generate();
        foreach (var account in new[] { payer.Address, receiver.Address })
        {
            await anvil.Rpc.Anvil.SetBalanceAsync(account, BigInteger.Pow(10, 20));
        }

        var operatorSender = await TransactionSender.CreateAsync(anvil.Rpc, operatorKey, Secp256k1.Default, anvil.FastSenderOptions);
        var settlement = await DeployAsync(operatorSender, ContractArtifacts.Bytecode("BatchSettlement"));
        var token = await DeployAsync(operatorSender,
            [.. ContractArtifacts.Bytecode("TestUsdc"), .. AbiEncoder.Encode([AbiType.String, AbiType.String], ["USD Coin", "2"])]);
        var collector = await DeployAsync(operatorSender,
            [.. ContractArtifacts.Bytecode("ERC3009DepositCollector"), .. AbiEncoder.Encode(AbiType.Address, settlement)]);
        var usdc = new Erc20Token(anvil.Rpc, token);
        Assert.Equal("USD Coin", await usdc.NameAsync());
        Assert.Equal(6, await usdc.DecimalsAsync());

        var mint = await operatorSender.SendAndWaitAsync(new TransactionRequest(token, Erc20Token.EncodeMint(payer.Address, 1_000_000)));
        var minted = Assert.Single(mint.Logs).Decode(Erc20Token.TransferEvent);
        Assert.Equal(Address.Zero, minted.Get<Address>("from"));
        Assert.Equal(payer.Address, minted.Get<Address>("to"));
        Assert.Equal(new BigInteger(1_000_000), minted.Get<BigInteger>("value"));

        // Deposit 600,000 through the ERC-3009 collector, authorised by the payer's ReceiveWithAuthorization signature.
        var config = new ChannelConfig(payer.Address, payer.Address, receiver.Address, receiver.Address, token, WithdrawDelay, Hash32.Zero);
        var domain = new BatchSettlementDomain(anvil.ChainId, settlement);
        var channelId = domain.ChannelId(config);
        var salt = new BigInteger(42);
        var authorization = new Erc3009Authorization(payer.Address, collector, 600_000, 0, BigInteger.Pow(2, 255), Erc3009.DepositNonce(channelId, salt));
        var tokenDomain = new Eip712Domain("USD Coin", "2", anvil.ChainId, token);
        var authorizationSignature = Secp256k1.Default.Sign(Erc3009.ReceiveWithAuthorizationDigest(tokenDomain, authorization).AsSpan(), payer);
        var collectorData = AbiEncoder.Encode(
            [AbiType.UInt256, AbiType.UInt256, AbiType.UInt256, AbiType.Bytes],
            [authorization.ValidAfter, authorization.ValidBefore, salt, authorizationSignature]);

        var deposit = await operatorSender.SendAndWaitAsync(
            new TransactionRequest(settlement, BatchSettlementContract.EncodeDeposit(config, 600_000, collector, collectorData)));
        Assert.True(deposit.Succeeded);
        var events = deposit.Logs.Select(ChannelEventDecoder.TryDecode).OfType<ChannelEvent>().ToArray();
        var created = Assert.Single(events.OfType<ChannelCreatedEvent>());
        Assert.Equal(channelId, created.ChannelId);
        Assert.Equal(config, created.Config);
        var deposited = Assert.Single(events.OfType<DepositedEvent>());
        Assert.Equal((UInt128)600_000, deposited.Amount);
        Assert.Equal((UInt128)600_000, deposited.NewBalance);
        Assert.True(await usdc.AuthorizationStateAsync(payer.Address, authorization.Nonce));
        Assert.Equal(((UInt128)600_000, UInt128.Zero), await new BatchSettlementContract(anvil.Rpc, settlement).GetChannelAsync(channelId));

        // The payer signs a voucher for 250,000; the receiver claims 200,000 of it, then settles.
        var voucherSignature = Secp256k1.Default.Sign(domain.VoucherDigest(channelId, 250_000).AsSpan(), payer);
        var receiverSender = await TransactionSender.CreateAsync(anvil.Rpc, receiver, Secp256k1.Default, anvil.FastSenderOptions);
        var claim = await receiverSender.SendAndWaitAsync(new TransactionRequest(settlement,
            BatchSettlementContract.EncodeClaim([new VoucherClaim(config, 250_000, voucherSignature, 200_000)])));
        var claimed = Assert.Single(claim.Logs.Select(ChannelEventDecoder.TryDecode).OfType<ClaimedEvent>());
        Assert.Equal((UInt128)200_000, claimed.ClaimAmount);
        Assert.Equal((UInt128)200_000, claimed.NewTotalClaimed);

        var contract = new BatchSettlementContract(anvil.Rpc, settlement);
        Assert.Equal(((UInt128)200_000, UInt128.Zero), await contract.GetReceiverAsync(receiver.Address, token));
        var settle = await receiverSender.SendAndWaitAsync(new TransactionRequest(settlement, BatchSettlementContract.EncodeSettle(receiver.Address, token)));
        var settled = Assert.Single(settle.Logs.Select(ChannelEventDecoder.TryDecode).OfType<SettledEvent>());
        Assert.Equal((UInt128)200_000, settled.Amount);
        Assert.Equal(new BigInteger(200_000), await usdc.BalanceOfAsync(receiver.Address));

        // A claim beyond the channel's balance reverts with the contract's custom error, decoded by name.
        var rpc = new EthRpcClient(new HttpClient(), anvil.Endpoint, new EthRpcOptions { KnownErrors = BatchSettlementAbi.Errors });
        var bigVoucher = Secp256k1.Default.Sign(domain.VoucherDigest(channelId, 700_000).AsSpan(), payer);
        var tooMuch = BatchSettlementContract.EncodeClaim([new VoucherClaim(config, 700_000, bigVoucher, 700_000)]);
        var revert = await Assert.ThrowsAsync<EvmRevertException>(() =>
            new BatchSettlementContract(rpc, settlement).SimulateAsync(tooMuch, receiver.Address));
        Assert.Equal(RevertKind.Custom, revert.Reason.Kind);
        Assert.Equal("ClaimExceedsBalance", revert.Reason.CustomError?.Name);
    }

    private static async Task<Address> DeployAsync(TransactionSender sender, byte[] initCode)
    {
        var receipt = await sender.SendAndWaitAsync(new TransactionRequest(null, initCode), timeout: TimeSpan.FromSeconds(30));
        Assert.True(receipt.Succeeded);
        return receipt.ContractAddress ?? throw new InvalidOperationException("deployment without a contract address");
    }

    private static Address RandomAddress(Random random)
    {
        var bytes = new byte[20];
        random.NextBytes(bytes);
        return new Address(bytes);
    }

    private static Hash32 RandomHash(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return new Hash32(bytes);
    }
}
