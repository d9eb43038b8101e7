using System.Diagnostics;

namespace Billing.Cli.LocalChain;

/// <summary>Deploys the contracts with the repository's forge script and reads back the addresses it wrote.</summary>
public static class ContractDeployer
{
    public static async Task<Deployment> DeployAsync(
        ContractsFolder contracts, Uri rpcUrl, string deployerKey, CancellationToken cancellationToken = default)
    {
        // Inside the Foundry project: forge scripts may only write where foundry.toml's fs_permissions allow.
        var output = Path.Combine(contracts.Path, "deployments", $"run-{Guid.NewGuid():N}.local.json");
        var start = new ProcessStartInfo(contracts.Tool("forge"))
        {
            WorkingDirectory = contracts.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "script", "script/Deploy.s.sol", "--rpc-url", rpcUrl.ToString(), "--broadcast", "--slow", "--quiet" })
        {
            start.ArgumentList.Add(arg);
        }

        // The key goes through the environment, not the command line, so it never shows in a process listing.
        start.Environment["DEPLOYER_PRIVATE_KEY"] = deployerKey;
        start.Environment["DEPLOYMENTS_OUT"] = output;
        start.Environment["PATH"] = $"{Path.Combine(contracts.Path, "node_modules", ".bin")}:{Environment.GetEnvironmentVariable("PATH")}";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("forge did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException(
                $"forge script failed (exit {process.ExitCode}).\n{await stdout}\n{await stderr}");
        }

        try
        {
            return Deployment.Read(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
