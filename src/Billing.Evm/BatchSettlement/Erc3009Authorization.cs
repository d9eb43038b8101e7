using System.Numerics;

namespace Billing.Evm.BatchSettlement;

/// <summary>The fields of an EIP-3009 transfer or receive authorization; times are unix seconds.</summary>
public sealed record Erc3009Authorization(
    Address From,
    Address To,
    BigInteger Value,
    BigInteger ValidAfter,
    BigInteger ValidBefore,
    Hash32 Nonce);
