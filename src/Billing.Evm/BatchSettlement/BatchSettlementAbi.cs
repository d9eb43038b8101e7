using Billing.Evm.Abi;

namespace Billing.Evm.BatchSettlement;

/// <summary>The settlement contract's functions, events and errors, written from the reference ABI (§1.4).</summary>
public static class BatchSettlementAbi
{
    public const string ChannelConfigTuple = "(address,address,address,address,address,uint40,bytes32)";
    public const string VoucherClaimTuple = "((" + ChannelConfigTuple + ",uint128),bytes,uint128)";

    public static AbiFunction Deposit { get; } = AbiFunction.Parse($"deposit({ChannelConfigTuple},uint128,address,bytes)");

    public static AbiFunction Claim { get; } = AbiFunction.Parse($"claim({VoucherClaimTuple}[])");

    public static AbiFunction ClaimWithSignature { get; } = AbiFunction.Parse($"claimWithSignature({VoucherClaimTuple}[],bytes)");

    public static AbiFunction Settle { get; } = AbiFunction.Parse("settle(address,address)");

    public static AbiFunction InitiateWithdraw { get; } = AbiFunction.Parse($"initiateWithdraw({ChannelConfigTuple},uint128)");

    public static AbiFunction FinalizeWithdraw { get; } = AbiFunction.Parse($"finalizeWithdraw({ChannelConfigTuple})");

    public static AbiFunction Refund { get; } = AbiFunction.Parse($"refund({ChannelConfigTuple},uint128)");

    public static AbiFunction RefundWithSignature { get; } = AbiFunction.Parse($"refundWithSignature({ChannelConfigTuple},uint128,uint256,bytes)");

    public static AbiFunction Multicall { get; } = AbiFunction.Parse("multicall(bytes[])(bytes[])");

    public static AbiFunction GetChannelId { get; } = AbiFunction.Parse($"getChannelId({ChannelConfigTuple})(bytes32)");

    public static AbiFunction GetVoucherDigest { get; } = AbiFunction.Parse("getVoucherDigest(bytes32,uint128)(bytes32)");

    public static AbiFunction GetRefundDigest { get; } = AbiFunction.Parse("getRefundDigest(bytes32,uint256,uint128)(bytes32)");

    public static AbiFunction GetClaimBatchDigest { get; } = AbiFunction.Parse($"getClaimBatchDigest({VoucherClaimTuple}[])(bytes32)");

    public static AbiFunction Channels { get; } = AbiFunction.Parse("channels(bytes32)(uint128,uint128)");

    public static AbiFunction PendingWithdrawals { get; } = AbiFunction.Parse("pendingWithdrawals(bytes32)(uint128,uint40)");

    public static AbiFunction RefundNonce { get; } = AbiFunction.Parse("refundNonce(bytes32)(uint256)");

    public static AbiFunction Receivers { get; } = AbiFunction.Parse("receivers(address,address)(uint128,uint128)");

    public static AbiEvent ChannelCreated { get; } = AbiEvent.Parse($"ChannelCreated(bytes32 indexed channelId, {ChannelConfigTuple} config)");

    public static AbiEvent ChannelClosed { get; } = AbiEvent.Parse($"ChannelClosed(bytes32 indexed channelId, {ChannelConfigTuple} config)");

    public static AbiEvent Deposited { get; } =
        AbiEvent.Parse("Deposited(bytes32 indexed channelId, address indexed sender, uint128 amount, uint128 newBalance)");

    public static AbiEvent Claimed { get; } =
        AbiEvent.Parse("Claimed(bytes32 indexed channelId, address indexed sender, uint128 claimAmount, uint128 newTotalClaimed)");

    public static AbiEvent Settled { get; } =
        AbiEvent.Parse("Settled(address indexed receiver, address indexed token, address indexed sender, uint128 amount)");

    public static AbiEvent Refunded { get; } = AbiEvent.Parse("Refunded(bytes32 indexed channelId, address indexed sender, uint128 amount)");

    public static AbiEvent WithdrawInitiated { get; } =
        AbiEvent.Parse("WithdrawInitiated(bytes32 indexed channelId, uint128 amount, uint40 finalizeAfter)");

    public static AbiEvent WithdrawFinalized { get; } =
        AbiEvent.Parse("WithdrawFinalized(bytes32 indexed channelId, address indexed sender, uint128 amount)");

    public static IReadOnlyList<AbiEvent> Events { get; } =
        [ChannelCreated, ChannelClosed, Deposited, Claimed, Settled, Refunded, WithdrawInitiated, WithdrawFinalized];

    /// <summary>The contract's custom errors, for <see cref="Rpc.EthRpcOptions.KnownErrors"/> and revert decoding.</summary>
    public static IReadOnlyList<AbiError> Errors { get; } =
    [
        .. new[]
        {
            "InvalidChannel", "ZeroDeposit", "DepositOverflow", "InvalidSignature", "NotReceiverAuthorizer", "NotAuthorizedToClaim",
            "NotAuthorizedToRefund", "ClaimExceedsCeiling", "ClaimExceedsBalance", "WithdrawalAlreadyPending", "WithdrawalNotPending",
            "NotAuthorizedToFinalizeWithdraw", "WithdrawDelayNotElapsed", "NothingToWithdraw", "WithdrawAmountExceedsAvailable",
            "WithdrawDelayOutOfRange", "EmptyBatch", "DepositCollectionFailed", "InvalidCollector", "InvalidRefundNonce", "ZeroRefund",
        }.Select(name => AbiError.Parse(name + "()")),
    ];
}
