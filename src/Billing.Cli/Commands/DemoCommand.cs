using System.Globalization;
using System.Net.Http.Json;
using Billing.Cli.LocalChain;
using Billing.Client.Payments;
using Billing.Core.Budgets;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.Server.Operator;
using Billing.Server.Settlement;
using Billing.X402.Formats;

namespace Billing.Cli.Commands;

/// <summary>
/// The walking skeleton end to end on a fresh local chain: deploy, open a channel, pay for requests with vouchers, settle
/// the charges on chain, and print what happened.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(DemoArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
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

        var dataFolder = arguments.DataFolder ?? Directory.CreateTempSubdirectory("billing-demo-").FullName;
        var settings = new LocalServerSettings(
            deployment, anvil.RpcUrl, receiver.Address.ToString(), AnvilNode.DevelopmentKeys[2], dataFolder, arguments.Price);
        await using var server = await LocalServer.StartAsync(settings, cancellationToken);
        output.WriteLine($"Server (Orleans silo + HTTP, SQLite in {dataFolder}) listening on {server.BaseAddress}");

        var options = new PayerOptions
        {
            SettlementContract = Address.Parse(deployment.BatchSettlement),
            Limits = new SpendLimits
            {
                PerRequest = arguments.Price,
                PerDay = arguments.Price * (UInt128)arguments.Requests,
                AllowedAssets = [deployment.Token],
                AllowedNetworks = [Caip2.FormatEip155(deployment.ChainId)],
            },
        };
        using var agent = new HttpClient(new X402PaymentHandler(payer, options) { InnerHandler = new HttpClientHandler() }) { BaseAddress = server.BaseAddress };

        var paid = 0;
        for (var i = 0; i < arguments.Requests; i++)
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

        using var operatorApi = new HttpClient { BaseAddress = server.BaseAddress };
        operatorApi.DefaultRequestHeaders.Authorization = new("Bearer", server.OperatorToken);
        using var settled = await operatorApi.PostAsync(new Uri("/operator/settlement/run", UriKind.Relative), null, cancellationToken);
        settled.EnsureSuccessStatusCode();
        var report = await settled.Content.ReadFromJsonAsync<SettlementReport>(cancellationToken)
            ?? throw new InvalidOperationException("The settlement run returned no report.");

        // What the channel's grain charged, as the operator sees it: the figure the on-chain claim must equal.
        var view = await operatorApi.GetFromJsonAsync<ChannelReport>(new Uri($"/operator/channels/{channelId}", UriKind.Relative), cancellationToken)
            ?? throw new InvalidOperationException("The server does not know the channel.");
        var charged = UInt128.Parse(view.ChargedCumulative, CultureInfo.InvariantCulture);

        var contract = new BatchSettlementContract(rpc, Address.Parse(deployment.BatchSettlement));
        var onChain = await contract.GetChannelAsync(channelId, cancellationToken: cancellationToken);
        var receiverBalance = await new Erc20Token(rpc, Address.Parse(deployment.Token)).BalanceOfAsync(receiver.Address, cancellationToken: cancellationToken);

        output.WriteLine();
        output.WriteLine("Summary");
        output.WriteLine($"  requests paid          {paid}");
        output.WriteLine($"  amount charged         {Units(charged)}");
        output.WriteLine($"  amount claimed (chain) {Units(onChain.TotalClaimed)}");
        output.WriteLine($"  claim transaction      {string.Join(", ", report.ClaimTransactions)}");
        output.WriteLine($"  settle transaction     {string.Join(", ", report.SettleTransactions)}");
        output.WriteLine($"  receiver balance       {Units(UInt128.CreateChecked(receiverBalance))}");
        if (report.Problems.Count > 0)
        {
            output.WriteLine($"  problems               {string.Join("; ", report.Problems)}");
            return 1;
        }

        var reconciled = await DemoReconciliation.RunAsync(operatorApi, output, cancellationToken);
        return reconciled && onChain.TotalClaimed == charged && charged == (UInt128)paid * arguments.Price ? 0 : 1;
    }

    private static string Units(UInt128 atomic) =>
        $"{atomic.ToString(CultureInfo.InvariantCulture)} units (${atomic / 1_000_000}.{(atomic % 1_000_000).ToString("D6", CultureInfo.InvariantCulture)})";
}

public sealed record DemoArguments(int Requests, UInt128 Price, UInt128 Deposit, string? ContractsFolder, string? DataFolder);
