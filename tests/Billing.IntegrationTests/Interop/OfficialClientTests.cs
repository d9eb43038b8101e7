using System.Globalization;
using System.Numerics;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Billing.IntegrationTests.Interop;

/// <summary>
/// Issue 6: the official npm client (<c>@x402/fetch</c> with <c>@x402/evm</c>'s batch-settlement scheme, unmodified)
/// pays our server on anvil, with our contracts at the canonical addresses, and the chain ends up holding exactly what
/// our server charged and what the client believes it paid.
/// </summary>
[Collection(CanonicalChainCollection.Name)]
public sealed class OfficialClientTests(CanonicalChainFixture chain, ITestOutputHelper output) : IDisposable
{
    private const ulong Price = 1_000;

    // One deposit must cover the whole session (1 deposit request + vouchers + 1 corrective request), so the client
    // never tops up midway and the counts below stay exact.
    private const ulong MinDepositMultiplier = 100;
    private const ulong Deposit = Price * MinDepositMultiplier;
    private const ulong Minted = 1_000_000;

    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-interop-").FullName;

    [Fact]
    public async Task Official_client_deposits_pays_fifty_vouchers_recovers_from_a_corrective_402_and_the_chain_matches()
    {
        const int vouchers = 50;
        var payer = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[4]);
        await chain.MintAsync(payer.Address, Minted);
        var receiverBefore = await chain.Token.BalanceOfAsync(chain.Receiver.Address);
        var channelId = chain.Domain.ChannelId(chain.OfficialClientChannel(payer.Address));
        Assert.Equal(CanonicalChainFixture.CanonicalSettlement, Address.Parse(chain.Deployment.BatchSettlement));

        await using var server = await StartServerAsync();
        var run = await new OfficialClient(chain, server.BaseAddress, AnvilNode.DevelopmentKeys[4]).RunAsync("all", vouchers);
        output.WriteLine(run.Transcript);

        Assert.True(run.ExitCode == 0, run.Transcript);
        var report = Assert.IsType<OfficialClientReport>(run.Report);
        Assert.Empty(report.Errors);

        // The client's own EIP-712 code and ours name the same channel.
        Assert.Equal(channelId.ToString(), report.ChannelId, ignoreCase: true);

        // Deposit request + vouchers + the request retried after the corrective 402, each charged once: the refused
        // attempt of the corrective exchange must not be charged.
        const int paid = 1 + vouchers + 1;
        var charged = Text(paid * Price);
        Assert.Equal(paid, report.Paid);
        Assert.Equal(1, report.Deposits);
        Assert.True(report.Corrected, "the official client did not recover from our corrective 402");
        Assert.Equal(charged, report.ChargedTotal);
        Assert.Equal(charged, report.ChargedCumulative);
        Assert.Equal(charged, report.ClientBelieves);

        // The deposit went on chain through the canonical contract, and took exactly the deposit from the payer.
        var depositReceipt = await chain.Rpc.GetTransactionReceiptAsync(Hash32.Parse(report.DepositTx!));
        Assert.NotNull(depositReceipt);
        Assert.True(depositReceipt.Succeeded);
        Assert.Equal(CanonicalChainFixture.CanonicalSettlement, depositReceipt.To);
        Assert.Equal(new BigInteger(Minted - Deposit), await chain.Token.BalanceOfAsync(payer.Address));

        using var operatorApi = new OperatorClient(server);
        var beforeSettlement = await operatorApi.ChannelAsync(channelId);
        Assert.NotNull(beforeSettlement);
        Assert.Equal(report.ClientBelieves, beforeSettlement.ChargedCumulative);
        Assert.Equal(Text(Deposit), beforeSettlement.Balance);

        // Nothing is claimed until the settlement runs: serving requests never touches the chain.
        var unsettled = await chain.Contract.GetChannelAsync(channelId);
        Assert.Equal((UInt128)Deposit, unsettled.Balance);
        Assert.Equal(UInt128.Zero, unsettled.TotalClaimed);

        var settlement = await operatorApi.SettleAsync();
        Assert.Empty(settlement.Problems);
        Assert.Equal(charged, settlement.AmountClaimed);

        // On chain: claimed = what the server charged = what the client believes it paid; the escrow is untouched
        // otherwise, and the receiver got exactly the charges.
        var settled = await chain.Contract.GetChannelAsync(channelId);
        Assert.Equal(charged, Text(settled.TotalClaimed));
        Assert.Equal((UInt128)Deposit, settled.Balance);
        Assert.Equal(receiverBefore + paid * (BigInteger)Price, await chain.Token.BalanceOfAsync(chain.Receiver.Address));
        Assert.Equal(new BigInteger(Minted - Deposit), await chain.Token.BalanceOfAsync(payer.Address));
    }

    [Fact]
    public async Task Official_client_refund_returns_the_unspent_balance_and_leaves_the_charges_claimed()
    {
        const int vouchers = 5;
        var payer = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[5]);
        await chain.MintAsync(payer.Address, Minted);
        var channelId = chain.Domain.ChannelId(chain.OfficialClientChannel(payer.Address));
        var stateFolder = Path.Combine(_dataFolder, "client-state");

        await using var server = await StartServerAsync();
        var client = new OfficialClient(chain, server.BaseAddress, AnvilNode.DevelopmentKeys[5]) { StateFolder = stateFolder };
        var session = await client.RunAsync("all", vouchers);
        output.WriteLine(session.Transcript);
        Assert.True(session.ExitCode == 0, session.Transcript);
        const int paid = 1 + vouchers + 1;
        var charged = Text(paid * Price);
        Assert.Equal(charged, session.Report!.ClientBelieves);

        using var operatorApi = new OperatorClient(server);
        Assert.Empty((await operatorApi.SettleAsync()).Problems);

        var refund = await client.RunAsync("refund");
        output.WriteLine(refund.Transcript);

        Assert.True(refund.ExitCode == 0, refund.Transcript);
        var report = Assert.IsType<OfficialClientReport>(refund.Report);
        Assert.Empty(report.Errors);
        Assert.Equal(Text(Deposit - (paid * Price)), report.Refunded);

        // A full refund closes the client's record; on chain only the charged part stays in escrow, claimed.
        Assert.Null(report.ClientBelieves);
        var onChain = await chain.Contract.GetChannelAsync(channelId);
        Assert.Equal(charged, Text(onChain.Balance));
        Assert.Equal(charged, Text(onChain.TotalClaimed));
        Assert.Equal(new BigInteger(Minted - (paid * Price)), await chain.Token.BalanceOfAsync(payer.Address));

        // A second refund finds nothing left and must not move tokens.
        var again = await client.RunAsync("refund");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Equal(new BigInteger(Minted - (paid * Price)), await chain.Token.BalanceOfAsync(payer.Address));
    }

    private Task<LocalServer> StartServerAsync() =>
        LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price)
        {
            Overrides = new Dictionary<string, string?>
            {
                ["Payment:MinDepositMultiplier"] = MinDepositMultiplier.ToString(CultureInfo.InvariantCulture),
            },
        });

    private static string Text(UInt128 amount) => amount.ToString(CultureInfo.InvariantCulture);

    private static string Text(ulong amount) => amount.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
