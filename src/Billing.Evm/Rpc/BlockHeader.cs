using System.Numerics;

namespace Billing.Evm.Rpc;

/// <summary>The header fields of <c>eth_getBlockByNumber</c> (transactions as hashes only).</summary>
public sealed record BlockHeader(
    ulong Number,
    Hash32 Hash,
    Hash32 ParentHash,
    ulong Timestamp,
    ulong GasLimit,
    ulong GasUsed,
    BigInteger? BaseFeePerGas,
    IReadOnlyList<Hash32> TransactionHashes);
