using System.Globalization;
using System.Net.Http.Json;
using Billing.Cli.LocalChain;
using Billing.Cli.Upstream;
using Billing.Client.Payments;
using Billing.Core.Budgets;
using Billing.Core.Pricing;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Server.Operator;
using Billing.Server.Settlement;
using Billing.X402.Formats;

namespace Billing.Cli.Commands;

/// <summary>
/// The engine end to end on a fresh local chain: deploy, open a channel, pay for requests with vouchers, stream paid
/// chat completions through the metered gateway, settle the charges on chain, and print what happened. Each step is a
/// method of its own; the exit code is 0 only when the on-chain claim equals what the channel's grain charged.
/// </summary>
public static class DemoCommand
{
    /// <summary>The most one streamed completion may reserve ($0.01); the demo's completions reserve far less.</summary>
    private static readonly UInt128 CompletionSpendCap = 10_000;

    private static readonly string[] Prompts =
    [
        "How do payment channels keep inference cheap?",
        "Why are vouchers cumulative?",
        "What happens at settlement time, in one short paragraph?",
        "And if the agent disconnects halfway?",
    ];

    public static async Task<int> RunAsync(DemoArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        var contracts = ContractsFolder.Locate(arguments.ContractsFolder);
        output.WriteLine("Starting a local chain (anvil) and deploying the contracts...");
        await using var anvil = await AnvilNode.StartAsync(contracts, cancellationToken);
        var deployment = await ContractDeployer.DeployAsync(contracts, anvil.RpcUrl, AnvilNode.DevelopmentKeys[0], cancellationToken);
        output.WriteLine($"  chain {deployment.ChainId} at {anvil.RpcUrl}; channel contract {deployment.BatchSettlement}; token {deployment.Token}");

        using var deployer = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[0]);
        using var receiver = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[1]);
        using var receiverAuthorizer = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[2]);
        using var payer = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[3]);
        using var http = new HttpClient();
        var rpc = new EthRpcClient(http, anvil.RpcUrl);

        var config = new ChannelConfig(
            payer.Address, payer.Address, receiver.Address, receiverAuthorizer.Address, Address.Parse(deployment.Token), 900, Hash32.Zero);
        var channelId = await ChannelFunding.OpenAsync(rpc, deployment, deployer, payer, config, arguments.Deposit, cancellationToken);
        output.WriteLine($"Payer {payer.Address} opened channel {channelId} with {Units(arguments.Deposit)}.");

        await using var upstream = await DemoUpstream.StartAsync(new DemoUpstreamOptions { TokensPerSecond = 40 }, cancellationToken);
        output.WriteLine($"Demo model server (OpenAI-compatible, streams 40 tokens/s) on {upstream.BaseAddress}");

        var dataFolder = arguments.DataFolder ?? Directory.CreateTempSubdirectory("billing-demo-").FullName;
        var settings = new LocalServerSettings(
            deployment, anvil.RpcUrl, receiver.Address.ToString(), AnvilNode.DevelopmentKeys[2], dataFolder, arguments.Price)
        {
            Overrides = DemoGateway.Settings(upstream.BaseAddress),
        };
        await using var server = await LocalServer.StartAsync(settings, cancellationToken);
        output.WriteLine($"Server (Orleans silo + HTTP, SQLite in {dataFolder}) listening on {server.BaseAddress}, gateway {DemoGateway.ChatPath} -> demo model server");

        using var agent = Agent(payer, deployment, arguments, server.BaseAddress);
        var fortunes = await PayFortunesAsync(agent, arguments.Requests, output, cancellationToken);
        var completions = await StreamCompletionsAsync(agent, arguments.Completions, output, cancellationToken);
        var settlement = await SettleAsync(server, rpc, deployment, receiver.Address, channelId, cancellationToken);

        var expected = (fortunes * arguments.Price) + completions.Aggregate(UInt128.Zero, (sum, c) => sum + c.Charged);
        PrintSummary(output, fortunes, completions, settlement);
        var reconciled = await ReconcileAsync(server, output, cancellationToken);
        return reconciled && settlement.Report.Problems.Count == 0 && settlement.Claimed == settlement.Charged && settlement.Charged == expected ? 0 : 1;
    }

    /// <summary>The agent's SDK client: pays fortunes at the route's price and completions up to their ceilings.</summary>
    private static HttpClient Agent(PrivateKey payer, Deployment deployment, DemoArguments arguments, Uri server)
    {
        var options = new PayerOptions
        {
            SettlementContract = Address.Parse(deployment.BatchSettlement),
            Limits = new SpendLimits
            {
                PerRequest = UInt128.Max(arguments.Price, CompletionSpendCap),
                PerDay = (arguments.Price * (UInt128)arguments.Requests) + (CompletionSpendCap * (UInt128)arguments.Completions),
                AllowedAssets = [deployment.Token],
                AllowedNetworks = [Caip2.FormatEip155(deployment.ChainId)],
            },
        };
        return new HttpClient(new X402PaymentHandler(payer, options) { InnerHandler = new HttpClientHandler() }) { BaseAddress = server };
    }

    private static async Task<UInt128> PayFortunesAsync(HttpClient agent, int requests, TextWriter output, CancellationToken cancellationToken)
    {
        var paid = 0;
        for (var i = 0; i < requests; i++)
        {
            using var response = await agent.GetAsync(new Uri("/v1/fortune", UriKind.Relative), cancellationToken);
            response.EnsureSuccessStatusCode();
            paid++;
            if (i < 3)
            {
                output.WriteLine($"  paid request {i + 1}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        output.WriteLine($"  ... {paid} requests paid with vouchers (no chain transaction per request).");
        return (UInt128)paid;
    }

    /// <summary>Streams paid completions through the gateway, printing tokens as they arrive and how each was charged.</summary>
    private static async Task<List<DemoStreamUsage>> StreamCompletionsAsync(HttpClient agent, int completions, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine($"Streaming {completions} paid chat completions through the gateway ({DemoGateway.InputPrice} in, {DemoGateway.CachedInputPrice} cached, {DemoGateway.OutputPrice} out, {DemoGateway.CallPrice}):");
        var streamed = new List<DemoStreamUsage>();
        for (var i = 0; i < completions; i++)
        {
            var prompt = Prompts[i % Prompts.Length];
            output.WriteLine($"  > {prompt}");
            output.Write("  < ");
            var usage = await DemoChatStream.StreamAsync(agent, prompt, maxTokens: 12 + (8 * (i % 3)), output, cancellationToken);
            streamed.Add(usage);
            output.WriteLine(
                $"    charged {usage.Charged} units: {usage.PromptTokens - usage.CachedTokens} prompt + {usage.CachedTokens} cached + " +
                $"{usage.CompletionTokens} completion tokens + 1 call = {Exact(DemoGateway.Exact(usage))} units exact, the fraction carried to the next charge");
        }

        return streamed;
    }

    /// <summary>Charged off-chain, journaled, claimed and settled on chain: the run must match to the unit.</summary>
    private static async Task<bool> ReconcileAsync(LocalServer server, TextWriter output, CancellationToken cancellationToken)
    {
        using var operatorApi = new HttpClient { BaseAddress = server.BaseAddress };
        operatorApi.DefaultRequestHeaders.Authorization = new("Bearer", server.OperatorToken);
        return await DemoReconciliation.RunAsync(operatorApi, output, cancellationToken);
    }

    private static async Task<DemoSettlement> SettleAsync(
        LocalServer server, EthRpcClient rpc, Deployment deployment, Address receiver, Hash32 channelId, CancellationToken cancellationToken)
    {
        using var operatorApi = new HttpClient { BaseAddress = server.BaseAddress };
        operatorApi.DefaultRequestHeaders.Authorization = new("Bearer", server.OperatorToken);
        using var settled = await operatorApi.PostAsync(new Uri("/operator/settlement/run", UriKind.Relative), null, cancellationToken);
        settled.EnsureSuccessStatusCode();
        var report = await settled.Content.ReadFromJsonAsync<SettlementReport>(cancellationToken)
            ?? throw new InvalidOperationException("The settlement run returned no report.");

        // What the channel's grain charged, as the operator sees it: the figure the on-chain claim must equal.
        var view = await operatorApi.GetFromJsonAsync<ChannelReport>(new Uri($"/operator/channels/{channelId}", UriKind.Relative), cancellationToken)
            ?? throw new InvalidOperationException("The server does not know the channel.");
        var contract = new BatchSettlementContract(rpc, Address.Parse(deployment.BatchSettlement));
        var onChain = await contract.GetChannelAsync(channelId, cancellationToken: cancellationToken);
        var receiverBalance = await new Erc20Token(rpc, Address.Parse(deployment.Token)).BalanceOfAsync(receiver, cancellationToken: cancellationToken);
        return new DemoSettlement(
            report, UInt128.Parse(view.ChargedCumulative, CultureInfo.InvariantCulture), onChain.TotalClaimed, UInt128.CreateChecked(receiverBalance));
    }

    private static void PrintSummary(TextWriter output, UInt128 fortunes, List<DemoStreamUsage> completions, DemoSettlement settlement)
    {
        output.WriteLine();
        output.WriteLine("Summary");
        output.WriteLine($"  requests paid          {fortunes}");
        output.WriteLine($"  completions streamed   {completions.Count} ({completions.Aggregate(0UL, (sum, c) => sum + c.CompletionTokens)} tokens)");
        output.WriteLine($"  amount charged         {Units(settlement.Charged)}");
        output.WriteLine($"  amount claimed (chain) {Units(settlement.Claimed)}");
        output.WriteLine($"  claim transaction      {string.Join(", ", settlement.Report.ClaimTransactions)}");
        output.WriteLine($"  settle transaction     {string.Join(", ", settlement.Report.SettleTransactions)}");
        output.WriteLine($"  receiver balance       {Units(settlement.ReceiverBalance)}");
        if (settlement.Report.Problems.Count > 0)
        {
            output.WriteLine($"  problems               {string.Join("; ", settlement.Report.Problems)}");
        }
    }

    private static string Units(UInt128 atomic) =>
        $"{atomic.ToString(CultureInfo.InvariantCulture)} units (${atomic / 1_000_000}.{(atomic % 1_000_000).ToString("D6", CultureInfo.InvariantCulture)})";

    private static string Exact(SubUnits exact) =>
        $"{exact.Value / SubUnits.PerAtomicUnit}.{(exact.Value % SubUnits.PerAtomicUnit).ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>What the settlement did and what the chain and the grain say afterwards.</summary>
    private sealed record DemoSettlement(SettlementReport Report, UInt128 Charged, UInt128 Claimed, UInt128 ReceiverBalance);
}

public sealed record DemoArguments(int Requests, UInt128 Price, UInt128 Deposit, string? ContractsFolder, string? DataFolder)
{
    /// <summary>Paid chat completions streamed through the gateway after the fortunes.</summary>
    public int Completions { get; init; } = 3;
}
