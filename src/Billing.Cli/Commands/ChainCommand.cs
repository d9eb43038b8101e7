using System.Text.Json;
using Billing.Cli.LocalChain;

namespace Billing.Cli.Commands;

/// <summary>"chain up": a local chain with the contracts deployed, for running the server by hand.</summary>
public static class ChainCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] != "up")
        {
            output.WriteLine("usage: billing chain up [--contracts DIR]");
            return 2;
        }

        var i = Array.IndexOf(args, "--contracts");
        var contracts = ContractsFolder.Locate(i >= 0 && i + 1 < args.Length ? args[i + 1] : null);
        await using var anvil = await AnvilNode.StartAsync(contracts, cancellationToken);
        var deployment = await ContractDeployer.DeployAsync(contracts, anvil.RpcUrl, AnvilNode.DevelopmentKeys[0], cancellationToken);
        output.WriteLine($"anvil: {anvil.RpcUrl}");
        output.WriteLine(JsonSerializer.Serialize(deployment, new JsonSerializerOptions { WriteIndented = true }));
        output.WriteLine("Running; Ctrl+C stops the chain.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
