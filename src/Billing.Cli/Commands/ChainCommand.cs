using System.Globalization;
using System.Text.Json;
using Billing.Cli.LocalChain;

namespace Billing.Cli.Commands;

/// <summary>"chain up": a local chain with the contracts deployed, for running the server by hand.</summary>
public static class ChainCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var chainId = AnvilNode.ChainId;
        if (args.Length == 0 || args[0] != "up" || (Value(args, "--chain-id") is { } id && !ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out chainId)) || chainId == 0)
        {
            output.WriteLine("usage: billing chain up [--contracts DIR] [--chain-id N]");
            return 2;
        }

        var contracts = ContractsFolder.Locate(Value(args, "--contracts"));
        await using var anvil = await AnvilNode.StartAsync(contracts, stateFile: null, chainId, cancellationToken);
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

    private static string? Value(string[] args, string option)
    {
        var i = Array.IndexOf(args, option);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
