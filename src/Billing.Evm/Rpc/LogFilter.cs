namespace Billing.Evm.Rpc;

/// <summary>
/// An <c>eth_getLogs</c> filter. Topics are positional; a null position matches anything, several hashes in one
/// position match any of them. Block bounds are numbers or tags ("latest", "finalized", …); BlockHash excludes them.
/// </summary>
public sealed record LogFilter
{
    public string? FromBlock { get; init; }

    public string? ToBlock { get; init; }

    public Hash32? BlockHash { get; init; }

    public IReadOnlyList<Address> Addresses { get; init; } = [];

    public IReadOnlyList<IReadOnlyList<Hash32>?> Topics { get; init; } = [];

    public static LogFilter ForRange(ulong fromBlock, ulong toBlock, params Address[] addresses) => new()
    {
        FromBlock = RpcQuantity.Encode(fromBlock),
        ToBlock = RpcQuantity.Encode(toBlock),
        Addresses = addresses,
    };
}
