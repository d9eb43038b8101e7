using System.Text.Json;
using System.Text.Json.Serialization;

namespace Billing.Cli.LocalChain;

/// <summary>Addresses written by contracts/script/Deploy.s.sol; the engine reads them to find its contracts.</summary>
public sealed record Deployment(
    [property: JsonPropertyName("chainId")] ulong ChainId,
    [property: JsonPropertyName("batchSettlement")] string BatchSettlement,
    [property: JsonPropertyName("erc3009DepositCollector")] string Erc3009DepositCollector,
    [property: JsonPropertyName("erc20DepositCollector")] string Erc20DepositCollector,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("tokenName")] string TokenName,
    [property: JsonPropertyName("tokenVersion")] string TokenVersion,
    [property: JsonPropertyName("deployBlock")] ulong DeployBlock)
{
    public static Deployment Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<Deployment>(stream)
            ?? throw new InvalidDataException($"Deployment file '{path}' is empty.");
    }
}
