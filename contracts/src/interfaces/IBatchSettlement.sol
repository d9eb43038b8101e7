// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IBatchSettlement
/// @notice External interface of the x402 `batch-settlement` channel contract: unidirectional payment channels whose
///         payer-signed cumulative vouchers are claimed in batches and swept to receivers per (receiver, token).
/// @dev Types, events, errors and selectors are those of the x402 reference contract so that the official x402
///      clients and facilitator work unchanged against an implementation of this interface.
interface IBatchSettlement {
    /// @notice Immutable channel parameters. The channel's id is the EIP-712 hash of this struct.
    /// @dev `payerAuthorizer` == 0 means vouchers are checked against `payer` (EOA or ERC-1271 wallet).
    struct ChannelConfig {
        address payer;
        address payerAuthorizer;
        address receiver;
        address receiverAuthorizer;
        address token;
        uint40 withdrawDelay;
        bytes32 salt;
    }

    /// @notice Escrowed balance of a channel and the cumulative amount the receiver side has claimed from it.
    struct ChannelState {
        uint128 balance;
        uint128 totalClaimed;
    }

    /// @notice A payer's timed withdrawal; `initiatedAt` == 0 means none is pending.
    struct WithdrawalState {
        uint128 amount;
        uint40 initiatedAt;
    }

    /// @notice What a receiver has claimed across all its channels in one token, and how much of it was paid out.
    struct ReceiverState {
        uint128 totalClaimed;
        uint128 totalSettled;
    }

    /// @notice The payer-signed part of a claim: a ceiling on the channel's cumulative claimable amount.
    struct Voucher {
        ChannelConfig channel;
        uint128 maxClaimableAmount;
    }

    /// @notice One claim row. `totalClaimed` is the new cumulative total for the channel, not a delta.
    struct VoucherClaim {
        Voucher voucher;
        bytes signature;
        uint128 totalClaimed;
    }

    event ChannelCreated(bytes32 indexed channelId, ChannelConfig config);
    event ChannelClosed(bytes32 indexed channelId, ChannelConfig config);
    event Deposited(bytes32 indexed channelId, address indexed sender, uint128 amount, uint128 newBalance);
    event Claimed(bytes32 indexed channelId, address indexed sender, uint128 claimAmount, uint128 newTotalClaimed);
    event Settled(address indexed receiver, address indexed token, address indexed sender, uint128 amount);
    event Refunded(bytes32 indexed channelId, address indexed sender, uint128 amount);
    event WithdrawInitiated(bytes32 indexed channelId, uint128 amount, uint40 finalizeAfter);
    event WithdrawFinalized(bytes32 indexed channelId, address indexed sender, uint128 amount);

    error InvalidChannel();
    error ZeroDeposit();
    error DepositOverflow();
    error InvalidSignature();
    error NotReceiverAuthorizer();
    error NotAuthorizedToClaim();
    error NotAuthorizedToRefund();
    error ClaimExceedsCeiling();
    error ClaimExceedsBalance();
    error WithdrawalAlreadyPending();
    error WithdrawalNotPending();
    error NotAuthorizedToFinalizeWithdraw();
    error WithdrawDelayNotElapsed();
    error NothingToWithdraw();
    error WithdrawAmountExceedsAvailable();
    error WithdrawDelayOutOfRange();
    error EmptyBatch();
    error DepositCollectionFailed();
    error InvalidCollector();
    error InvalidRefundNonce();
    error ZeroRefund();

    /// @notice Escrows `amount` of `config.token` in the channel, pulled by `collector` (not allowlisted: the
    ///         contract's own balance must rise by exactly `amount`). The first deposit creates the channel.
    function deposit(ChannelConfig calldata config, uint128 amount, address collector, bytes calldata collectorData)
        external;

    /// @notice Applies voucher claims; the caller must be the receiver or receiverAuthorizer of every row.
    function claim(VoucherClaim[] calldata voucherClaims) external;

    /// @notice Applies voucher claims authorized by one receiverAuthorizer's signature over the ClaimBatch digest.
    function claimWithSignature(VoucherClaim[] calldata voucherClaims, bytes calldata authorizerSignature) external;

    /// @notice Pays `receiver` everything claimed but not yet settled in `token`; a silent no-op when nothing is owed.
    function settle(address receiver, address token) external;

    /// @notice Starts the payer's timed exit for up to `balance - totalClaimed`.
    function initiateWithdraw(ChannelConfig calldata config, uint128 amount) external;

    /// @notice Completes a timed exit after `withdrawDelay`, paying the payer what is still unclaimed (capped).
    function finalizeWithdraw(ChannelConfig calldata config) external;

    /// @notice Receiver-side cooperative refund of unclaimed escrow to the payer (capped, nonce bumped first).
    function refund(ChannelConfig calldata config, uint128 amount) external;

    /// @notice Relayable refund authorized by the receiverAuthorizer's Refund signature at the current nonce.
    function refundWithSignature(
        ChannelConfig calldata config,
        uint128 amount,
        uint256 nonce,
        bytes calldata receiverAuthorizerSignature
    ) external;

    function getChannelId(ChannelConfig calldata config) external view returns (bytes32);

    function getVoucherDigest(bytes32 channelId, uint128 maxClaimableAmount) external view returns (bytes32);

    function getRefundDigest(bytes32 channelId, uint256 nonce, uint128 amount) external view returns (bytes32);

    function getClaimBatchDigest(VoucherClaim[] calldata voucherClaims) external view returns (bytes32);

    function channels(bytes32 channelId) external view returns (uint128 balance, uint128 totalClaimed);

    function pendingWithdrawals(bytes32 channelId) external view returns (uint128 amount, uint40 initiatedAt);

    function refundNonce(bytes32 channelId) external view returns (uint256);

    function receivers(address receiver, address token)
        external
        view
        returns (uint128 totalClaimed, uint128 totalSettled);
}
