using System.Text;

namespace Billing.Evm.BatchSettlement;

/// <summary>The contract's EIP-712 type strings (its <c>public constant</c>s) and their hashes.</summary>
public static class BatchSettlementTypes
{
    public const string DomainName = "x402 Batch Settlement";
    public const string DomainVersion = "1";

    public const string ChannelConfig =
        "ChannelConfig(address payer,address payerAuthorizer,address receiver,address receiverAuthorizer,address token,uint40 withdrawDelay,bytes32 salt)";

    public const string Voucher = "Voucher(bytes32 channelId,uint128 maxClaimableAmount)";
    public const string Refund = "Refund(bytes32 channelId,uint256 nonce,uint128 amount)";
    public const string ClaimEntry = "ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)";
    public const string ClaimBatch = "ClaimBatch(ClaimEntry[] claims)" + ClaimEntry;

    public static Hash32 ChannelConfigTypeHash { get; } = HashOf(ChannelConfig);

    public static Hash32 VoucherTypeHash { get; } = HashOf(Voucher);

    public static Hash32 RefundTypeHash { get; } = HashOf(Refund);

    public static Hash32 ClaimEntryTypeHash { get; } = HashOf(ClaimEntry);

    public static Hash32 ClaimBatchTypeHash { get; } = HashOf(ClaimBatch);

    private static Hash32 HashOf(string typeString) => Keccak256.Hash(Encoding.ASCII.GetBytes(typeString));
}
