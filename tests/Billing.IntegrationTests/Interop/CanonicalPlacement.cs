using System.Diagnostics;
using Billing.Cli.LocalChain;

namespace Billing.IntegrationTests.Interop;

/// <summary>
/// Runs contracts/script/place-canonical.sh: our contracts' runtime code at the addresses the official x402 packages
/// hard-code, plus Multicall3 and a freshly deployed test token, and reads back the address book it writes.
/// </summary>
internal static class CanonicalPlacement
{
    public static async Task<Deployment> PlaceAsync(Uri rpcUrl, string deployerKey)
    {
        var workFolder = Directory.CreateTempSubdirectory("billing-canonical-").FullName;
        try
        {
            var addressBook = Path.Combine(workFolder, "canonical.json");
            var start = new ProcessStartInfo("bash");
            start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "contracts", "script", "place-canonical.sh"));
            start.ArgumentList.Add(rpcUrl.ToString());
            start.ArgumentList.Add(addressBook);

            // The key goes through the environment, not the command line, so it never shows in a process listing.
            start.Environment["DEPLOYER_PRIVATE_KEY"] = deployerKey;
            var result = await ExternalTool.RunAsync(start, TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0 || !File.Exists(addressBook))
            {
                throw new InvalidOperationException(
                    $"place-canonical.sh failed (exit {result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
            }

            return Deployment.Read(addressBook);
        }
        finally
        {
            Directory.Delete(workFolder, recursive: true);
        }
    }
}
