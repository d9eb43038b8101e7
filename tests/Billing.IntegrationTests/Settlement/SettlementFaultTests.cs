using System.Globalization;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Faults;
using Billing.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.IntegrationTests.Settlement;

/// <summary>
/// Settlement meets a misbehaving chain: a node that crashes mid-batch, a claim dropped from the pool, a reorg that
/// removes the claim, an RPC endpoint that errs or hangs for a while, a payer's withdrawal racing the claim. Each test ends
/// the same way, judged from the chain alone: every channel's claimed total equals what its grain charged, and nothing
/// was claimed or paid twice. Several operator runs may be needed; they are bounded.
/// </summary>
[Collection(SettlementFaultsCollection.Name)]
public sealed class SettlementFaultTests(DeployedChainImage image) : IAsyncLifetime
{
    private const int Channels = 30;
    private const ulong Deposit = 100_000;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-faults-").FullName;
    private FaultChain _chain = null!;
    private LocalServer _server = null!;
    private HttpClient _operatorApi = null!;
    private SettlementRuns _runs = null!;
    private ClaimLedger _ledger = null!;

    public async Task InitializeAsync()
    {
        _chain = await image.StartChainAsync();
        _server = await _chain.StartServerAsync(_dataFolder, new Dictionary<string, string?>
        {
            // Three claim batches per run, and a server that gives up on a silent node or a lost transaction quickly.
            ["Settlement:BatchSize"] = "10",
            ["Settlement:ReceiptTimeout"] = "00:00:20",
            ["Chain:RpcRequestTimeout"] = "00:00:01",
            ["Chain:RpcRetries"] = "2",
            ["Chain:DroppedTransactionAfter"] = "00:00:03",
        });
        _operatorApi = SettlementRuns.OperatorApi(_server.BaseAddress, _server.OperatorToken);
        _runs = new SettlementRuns(_operatorApi);
        _ledger = new ClaimLedger(_chain);
    }

    [Fact]
    public async Task Anvil_stopped_mid_batch_and_restarted_with_its_state()
    {
        var (_, charges) = await ChargedChannelsAsync();

        var firstClaim = _chain.Proxy.NextTransactionForwarded();
        var running = _runs.RunAsync();

        // The node crashes after mining the first claim and before the server reads its receipt. anvil mines after it
        // answers, and a state dumped mid-mining can hold a block's effects without the block and its events: a state
        // no real node restarts from, so the crash waits for the block.
        await MinedAsync(await firstClaim);
        await _chain.Anvil.StopKeepingStateAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await _chain.Anvil.RestartAsync();
        var interrupted = await running;

        // The outage reached settlement: the run failed or reported what it could not finish.
        Assert.True(interrupted is null || interrupted.Problems.Count > 0 || (await _ledger.GapAsync(charges.Charged)) is not null,
            "the node's outage went unnoticed");
        await ConvergeAsync(charges.Charged);
    }

    [Fact]
    public async Task A_claim_dropped_from_the_pool_is_sent_again()
    {
        var (_, charges) = await ChargedChannelsAsync();
        await _chain.Rpc.Anvil.SetAutomineAsync(false);

        var firstClaim = _chain.Proxy.NextTransactionForwarded();
        var running = _runs.RunAsync();
        await firstClaim;
        await _chain.Rpc.SendAsync("anvil_dropAllTransactions", []);
        await _chain.Rpc.Anvil.SetAutomineAsync(true);
        var interrupted = await running;

        // Noticed within the run: the node no longer knew the claim, so the same bytes went out again. More sends reached
        // the node than transactions were mined, and no claim was signed anew (that would show as a second claim below).
        Assert.NotNull(interrupted);
        var mined = interrupted.ClaimTransactions.Count + interrupted.SettleTransactions.Count;
        Assert.True(_chain.Proxy.Forwarded("eth_sendRawTransaction") > mined, "the dropped claim was never sent again");
        await ConvergeAsync(charges.Charged);
    }

    [Fact]
    public async Task A_claim_that_never_reached_a_node_is_sent_again()
    {
        var (_, charges) = await ChargedChannelsAsync();
        _chain.Proxy.SwallowTransactions(1);

        var interrupted = await _runs.RunAsync();

        // The node never saw the claim; the engine noticed and sent the very same bytes again, so the transaction that
        // was swallowed is the one that was mined.
        var swallowed = Assert.Single(_chain.Proxy.SwallowedTransactions);
        Assert.NotNull(interrupted);
        Assert.Contains(swallowed.ToString(), interrupted.ClaimTransactions, StringComparer.OrdinalIgnoreCase);
        await ConvergeAsync(charges.Charged);
    }

    [Fact]
    public async Task A_reorg_that_removes_the_claims_leads_to_claiming_again()
    {
        var (_, charges) = await ChargedChannelsAsync();
        var first = await _runs.RunAsync();
        Assert.NotNull(first);
        Assert.Null(await _ledger.GapAsync(charges.Charged));

        var claimBlocks = new List<ulong>();
        foreach (var hash in first.ClaimTransactions)
        {
            claimBlocks.Add((await _chain.Rpc.GetTransactionReceiptAsync(Hash32.Parse(hash)))!.BlockNumber);
        }

        var head = await _chain.Rpc.GetBlockNumberAsync();
        await _chain.ReorgAsync(head - claimBlocks.Min() + 1);

        // What must not be believed any more: the chain has forgotten every claim and the settle.
        Assert.All((await _ledger.TotalsClaimedAsync(charges.Charged.Keys)).Values, total => Assert.Equal(UInt128.Zero, total));
        await ConvergeAsync(charges.Charged);
    }

    [Theory]
    [InlineData(RpcFault.ServiceUnavailable)]
    [InlineData(RpcFault.JsonRpcError)]
    [InlineData(RpcFault.Hang)]
    public async Task An_rpc_endpoint_failing_for_a_while_mid_batch(RpcFault fault)
    {
        var (_, charges) = await ChargedChannelsAsync();

        var firstClaim = _chain.Proxy.NextTransactionForwarded();
        var running = _runs.RunAsync();
        await firstClaim;
        _chain.Proxy.FailFor(fault, TimeSpan.FromSeconds(4));
        await running;
        await _chain.Proxy.HealedAsync();

        Assert.True(_chain.Proxy.FaultedRequests > 0, "no request met the fault");
        await ConvergeAsync(charges.Charged);
    }

    [Fact]
    public async Task A_lost_answer_to_a_sent_claim_does_not_send_it_twice()
    {
        var (_, charges) = await ChargedChannelsAsync();
        _chain.Proxy.LoseTransactionAnswers(1);

        await ConvergeAsync(charges.Charged);

        // Every transaction the server's account got mined is one it reported: no second copy went out unseen.
        Assert.Empty(_runs.Failures);
        var reported = _runs.Reports.Sum(r => r.ClaimTransactions.Count + r.SettleTransactions.Count);
        Assert.Equal((ulong)reported, await _chain.Rpc.GetTransactionCountAsync(_chain.ReceiverAuthorizer.Address, "latest"));
        Assert.Equal(1, _chain.Proxy.FaultedRequests);
    }

    [Fact]
    public async Task A_withdrawal_initiated_before_settlement_is_beaten_by_the_claim()
    {
        var (channels, charges) = await ChargedChannelsAsync();
        var withdrawing = channels[0];
        await PayerSendsAsync(BatchSettlementContract.EncodeInitiateWithdraw(withdrawing.Config, Deposit));

        await ConvergeAsync(charges.Charged);

        // After the delay the payer gets back only what was not claimed: the claim landed first.
        var before = await _chain.Token.BalanceOfAsync(_chain.Payer.Address);
        await FinalizeWithdrawalAsync(withdrawing);
        var refunded = await _chain.Token.BalanceOfAsync(_chain.Payer.Address) - before;
        Assert.Equal((System.Numerics.BigInteger)(Deposit - charges.Charged[withdrawing.Id]), refunded);
        Assert.Equal(charges.Charged[withdrawing.Id], (await _chain.Contract.GetChannelAsync(withdrawing.Id)).TotalClaimed);
    }

    [Fact]
    public async Task A_withdrawal_finalized_before_settlement_drops_only_its_row()
    {
        var (channels, charges) = await ChargedChannelsAsync();
        var drained = channels[0];
        await PayerSendsAsync(BatchSettlementContract.EncodeInitiateWithdraw(drained.Config, Deposit));
        await FinalizeWithdrawalAsync(drained);

        var report = await _runs.RunAsync();

        // The drained row is left out and reported; the nine others of its batch, and the other batches, land.
        Assert.NotNull(report);
        Assert.Contains(report.Problems, p => p.Contains(drained.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal(Channels - 1, report.ChannelsClaimed);
        var expected = charges.Charged.ToDictionary(c => c.Key, c => c.Key == drained.Id ? UInt128.Zero : c.Value);
        await _ledger.AssertClaimedExactlyOnceAsync(expected, _runs.ClaimTransactions);
    }

    private async Task<(IReadOnlyList<FundedChannel> Channels, GrainCharges Charges)> ChargedChannelsAsync()
    {
        var channels = await _chain.OpenChannelsAsync(Channels, Deposit);
        var charges = new GrainCharges(_server.Services.GetRequiredService<IGrainFactory>(), _chain.Domain);
        await charges.ChargeRandomlyAsync(channels, new Random(Channels));
        return (channels, charges);
    }

    private async Task ConvergeAsync(IReadOnlyDictionary<Hash32, UInt128> charged)
    {
        await _runs.RunUntilAsync(() => _ledger.GapAsync(charged));
        await _ledger.AssertClaimedExactlyOnceAsync(charged, _runs.ClaimTransactions);
    }

    private async Task MinedAsync(Hash32 transaction)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await _chain.Rpc.GetTransactionReceiptAsync(transaction, timeout.Token) is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    /// <summary>Lets the channel's withdraw delay pass, then the payer finalizes its withdrawal.</summary>
    private async Task FinalizeWithdrawalAsync(FundedChannel channel)
    {
        await _chain.Rpc.Anvil.IncreaseTimeAsync(channel.Config.WithdrawDelay + 1);
        await _chain.Rpc.Anvil.MineAsync();
        await PayerSendsAsync(BatchSettlementContract.EncodeFinalizeWithdraw(channel.Config));
    }

    private async Task PayerSendsAsync(byte[] call)
    {
        var payer = await TransactionSender.CreateAsync(_chain.Rpc, _chain.Payer);
        Assert.True((await payer.SendAndWaitAsync(new TransactionRequest(_chain.Contract.Address, call))).Succeeded);
    }

    public async Task DisposeAsync()
    {
        _operatorApi.Dispose();
        await _server.DisposeAsync();
        await _chain.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
