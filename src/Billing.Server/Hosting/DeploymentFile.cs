using System.Text.Json;
using Billing.Grains.Chain;
using Microsoft.Extensions.Options;

namespace Billing.Server.Hosting;

/// <summary>
/// Fills the contract address and chain id from the deploy script's output (Chain:DeploymentFile), so a fresh deployment
/// needs no hand-copied addresses.
/// </summary>
internal sealed class DeploymentFile : IPostConfigureOptions<ChainOptions>
{
    public void PostConfigure(string? name, ChainOptions options)
    {
        if (Read(options.DeploymentFile) is { } deployment)
        {
            options.BatchSettlement = deployment.GetProperty("batchSettlement").GetString() ?? options.BatchSettlement;
            options.ChainId = deployment.GetProperty("chainId").GetUInt64();
        }
    }

    public static JsonElement? Read(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }
}
