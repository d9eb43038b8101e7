using System.Security.Cryptography;
using Billing.Evm;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Settlement;

/// <summary>
/// claimWithSignature lets a key that is neither receiver nor authorizer send the claims; batches over the gas cap split.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class ClaimSenderTests : IDisposable
{
    private readonly LocalChainFixture _chain;
    private readonly string _senderHex = "0x" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
    private readonly PrivateKey _sender;
    private readonly string _keyFolder = Directory.CreateTempSubdirectory("billing-sender-key-").FullName;

    public ClaimSenderTests(LocalChainFixture chain)
    {
        _chain = chain;
        _sender = PrivateKey.FromHex(_senderHex);
    }

    [Fact]
    public async Task A_third_key_sends_the_claim_the_receiver_authorizer_signed()
    {
        await using var host = await SettlementServer.StartAsync(_chain, await SenderKeyAsync(useClaimWithSignature: true));
        var channel = await _chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 8);
        await AgentPayments.PayAsync(_chain, host.Server, channel, times: 2);

        var report = await host.RunAsync();

        var hash = Assert.Single(report.ClaimTransactions);
        var receipt = await _chain.Rpc.GetTransactionReceiptAsync(Hash32.Parse(hash));
        Assert.NotNull(receipt);
        Assert.Equal(_sender.Address, receipt.From);
        Assert.NotEqual(_chain.ReceiverAuthorizer.Address, receipt.From);
        Assert.Equal((UInt128)2_000, (await _chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
        Assert.Equal("2000", report.AmountClaimed);
    }

    [Fact]
    public async Task Plain_claim_from_a_third_key_is_not_sent_and_says_why()
    {
        await using var host = await SettlementServer.StartAsync(_chain, await SenderKeyAsync(useClaimWithSignature: false));
        var channel = await _chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 8);
        await AgentPayments.PayAsync(_chain, host.Server, channel, times: 1);

        var report = await host.RunAsync();

        Assert.Empty(report.ClaimTransactions);
        Assert.Contains(report.Skipped, s => s.ChannelId == channel.Id.ToString() && s.Reason.Contains("receiver or its authorizer", StringComparison.Ordinal));
        Assert.Equal(0UL, await _chain.Rpc.GetTransactionCountAsync(_sender.Address, "latest"));
    }

    [Fact]
    public async Task A_batch_over_the_gas_cap_is_split_and_every_row_is_claimed()
    {
        await using var host = await SettlementServer.StartAsync(_chain, new Dictionary<string, string?> { ["Settlement:MaxBatchGas"] = "1" });
        var channels = new List<FundedChannel>();
        for (var i = 0; i < 3; i++)
        {
            channels.Add(await _chain.OpenChannelAsync(deposit: 50_000, payerKeyIndex: 8));
            await AgentPayments.PayAsync(_chain, host.Server, channels[^1], times: 1);
        }

        var report = await host.RunAsync();

        Assert.Equal(3, report.ClaimTransactions.Count);
        foreach (var channel in channels)
        {
            Assert.Equal((UInt128)1_000, (await _chain.Contract.GetChannelAsync(channel.Id)).TotalClaimed);
        }
    }

    public void Dispose()
    {
        _sender.Dispose();
        Directory.Delete(_keyFolder, recursive: true);
    }

    private async Task<Dictionary<string, string?>> SenderKeyAsync(bool useClaimWithSignature)
    {
        await _chain.Rpc.Anvil.SetBalanceAsync(_sender.Address, System.Numerics.BigInteger.Pow(10, 20));
        var keyFile = Path.Combine(_keyFolder, "sender.key");
        await File.WriteAllTextAsync(keyFile, _senderHex);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new Dictionary<string, string?>
        {
            ["Keys:TransactionSenderKeyFile"] = keyFile,
            ["Settlement:UseClaimWithSignature"] = useClaimWithSignature ? "true" : "false",
        };
    }
}
