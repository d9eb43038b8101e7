namespace Billing.X402.BatchSettlement;

/// <summary>Constants of the x402 <c>batch-settlement</c> scheme on EVM that the wire format depends on.</summary>
public static class BatchSettlementScheme
{
    public const string Name = "batch-settlement";

    /// <summary>Contract bounds on <c>withdrawDelay</c>: 15 minutes to 30 days, in seconds.</summary>
    public const long MinWithdrawDelaySeconds = 900;

    public const long MaxWithdrawDelaySeconds = 2_592_000;

    /// <summary>Canonical CREATE2 address of <c>x402BatchSettlement</c> (same on every chain).</summary>
    public const string SettlementContractAddress = "0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003";

    public const string Erc3009DepositCollectorAddress = "0x4020806089470a89826cB9fB1f4059150b550004";

    /// <summary>The only spender a Permit2 deposit authorization may name.</summary>
    public const string Permit2DepositCollectorAddress = "0x4020425FAf3B746C082C2f942b4E5159887B0005";
}
