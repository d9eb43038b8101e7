using System.Numerics;

namespace Billing.Evm.Rpc;

/// <summary>Fee caps for a type-2 transaction, in wei per gas.</summary>
public sealed record Eip1559Fees(BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas);
