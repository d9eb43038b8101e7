using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Billing.X402.Formats;

/// <summary>
/// The EVM network names of x402 v1 (<c>base-sepolia</c>, <c>base</c> …) and their chain ids, as the v1 reference
/// implementation (npm <c>x402</c> 1.x) defines them. v1 knows no other networks: its client validates the 402 body
/// against this list, so a chain without a name here cannot be offered to v1 clients.
/// </summary>
public static class V1Networks
{
    private static readonly FrozenDictionary<string, ulong> ChainIds = new Dictionary<string, ulong>(StringComparer.Ordinal)
    {
        ["abstract"] = 2741,
        ["abstract-testnet"] = 11124,
        ["base-sepolia"] = 84532,
        ["base"] = 8453,
        ["avalanche-fuji"] = 43113,
        ["avalanche"] = 43114,
        ["iotex"] = 4689,
        ["sei"] = 1329,
        ["sei-testnet"] = 1328,
        ["polygon"] = 137,
        ["polygon-amoy"] = 80002,
        ["peaq"] = 3338,
        ["story"] = 1514,
        ["educhain"] = 41923,
        ["skale-base-sepolia"] = 324705682,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<ulong, string> Names = ChainIds.ToFrozenDictionary(p => p.Value, p => p.Key);

    public static bool TryGetChainId(string? name, out ulong chainId)
    {
        chainId = 0;
        return name is not null && ChainIds.TryGetValue(name, out chainId);
    }

    /// <summary>The v1 name of a CAIP-2 <c>eip155:&lt;chainId&gt;</c> network; false for a chain v1 has no name for.</summary>
    public static bool TryFromCaip2(string? network, [NotNullWhen(true)] out string? name)
    {
        name = null;
        return Caip2.TryParseEip155(network, out var chainId) && Names.TryGetValue(chainId, out name);
    }

    /// <summary>
    /// The CAIP-2 id of a network a v1 payment names: a v1 name is mapped, anything else (a CAIP-2 id) is returned as it
    /// is, for the caller's matching to accept or refuse.
    /// </summary>
    public static string ToCaip2(string network) =>
        TryGetChainId(network, out var chainId) ? Caip2.FormatEip155(chainId) : network;
}
