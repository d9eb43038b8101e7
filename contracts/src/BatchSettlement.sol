// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IBatchSettlement} from "./interfaces/IBatchSettlement.sol";
import {IDepositCollector} from "./interfaces/IDepositCollector.sol";
import {ChannelHashing} from "./libraries/ChannelHashing.sol";

/// @title BatchSettlement
/// @notice Unidirectional payment channels for the x402 `batch-settlement` scheme. A payer escrows tokens in a
///         channel; the receiver side claims payer-signed cumulative vouchers in batches and sweeps what it claimed
///         per (receiver, token) with `settle`. The payer leaves through a timed withdrawal or a cooperative refund.
/// @dev channelId is the EIP-712 typed-data hash of the `ChannelConfig` under the domain
///      ("x402 Batch Settlement", "1", block.chainid, address(this)), so it is bound to both chain and deployment.
///      OZ EIP712 rebuilds the separator whenever the live chain id or address differs from the constructor's, which
///      keeps ids and digests right when this runtime code is copied to another address (anvil_setCode).
///      The constructor writes no storage (only EIP712 immutables), for the same reason.
///      Every state-changing entry point is `nonReentrant` (EIP-1153 transient storage: Cancun or later only).
///      Supported tokens: plain ERC-20s. Fee-on-transfer tokens fail the deposit post-check; rebasing tokens would
///      break the accounting and must not be used.
contract BatchSettlement is IBatchSettlement, EIP712, Multicall, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    uint40 public constant MIN_WITHDRAW_DELAY = 15 minutes;
    uint40 public constant MAX_WITHDRAW_DELAY = 30 days;

    bytes32 public constant CHANNEL_CONFIG_TYPEHASH = ChannelHashing.CHANNEL_CONFIG_TYPEHASH;
    bytes32 public constant VOUCHER_TYPEHASH = ChannelHashing.VOUCHER_TYPEHASH;
    bytes32 public constant REFUND_TYPEHASH = ChannelHashing.REFUND_TYPEHASH;
    bytes32 public constant CLAIM_ENTRY_TYPEHASH = ChannelHashing.CLAIM_ENTRY_TYPEHASH;
    bytes32 public constant CLAIM_BATCH_TYPEHASH = ChannelHashing.CLAIM_BATCH_TYPEHASH;

    mapping(bytes32 channelId => ChannelState) public channels;
    /// @dev Advanced by every executed refund, even one capped to nothing, so a Refund signature works at most once.
    mapping(bytes32 channelId => uint256) public refundNonce;
    mapping(bytes32 channelId => WithdrawalState) public pendingWithdrawals;
    mapping(address receiver => mapping(address token => ReceiverState)) public receivers;

    constructor() EIP712("x402 Batch Settlement", "1") {}

    // ---------------------------------------------------------------- deposit

    /// @inheritdoc IBatchSettlement
    function deposit(ChannelConfig calldata config, uint128 amount, address collector, bytes calldata collectorData)
        external
        nonReentrant
    {
        if (
            config.payer == address(0) || config.receiver == address(0) || config.receiverAuthorizer == address(0)
                || config.token == address(0)
        ) revert InvalidChannel();
        if (config.withdrawDelay < MIN_WITHDRAW_DELAY || config.withdrawDelay > MAX_WITHDRAW_DELAY) {
            revert WithdrawDelayOutOfRange();
        }
        if (amount == 0) revert ZeroDeposit();
        if (collector == address(0)) revert InvalidCollector();

        bytes32 channelId = _channelId(_domainSeparatorV4(), config);
        ChannelState memory state = channels[channelId];
        if (amount > type(uint128).max - state.balance) revert DepositOverflow();
        uint128 newBalance = state.balance + amount;
        // Credited before the untrusted collector runs; the guard and the post-check below make that safe.
        channels[channelId].balance = newBalance;

        IERC20 token = IERC20(config.token);
        uint256 heldBefore = token.balanceOf(address(this));
        IDepositCollector(collector).collect(config.payer, address(token), amount, channelId, collectorData);
        // The collector is not allowlisted: exact arrival of the tokens is the only thing that is trusted.
        if (token.balanceOf(address(this)) != heldBefore + amount) revert DepositCollectionFailed();

        if (newBalance == amount && state.totalClaimed == 0) emit ChannelCreated(channelId, config);
        emit Deposited(channelId, msg.sender, amount, newBalance);
    }

    // ---------------------------------------------------------------- claim and settle

    /// @inheritdoc IBatchSettlement
    function claim(VoucherClaim[] calldata voucherClaims) external nonReentrant {
        uint256 count = voucherClaims.length;
        if (count == 0) revert EmptyBatch();

        bytes32 domain = _domainSeparatorV4();
        ReceiverCredit memory credit;
        for (uint256 i; i < count; ++i) {
            VoucherClaim calldata row = voucherClaims[i];
            ChannelConfig calldata channel = row.voucher.channel;
            if (msg.sender != channel.receiverAuthorizer && msg.sender != channel.receiver) {
                revert NotAuthorizedToClaim();
            }
            _credit(credit, channel, _applyClaim(domain, row, _channelId(domain, channel)));
        }
        _flush(credit);
    }

    /// @inheritdoc IBatchSettlement
    function claimWithSignature(VoucherClaim[] calldata voucherClaims, bytes calldata authorizerSignature)
        external
        nonReentrant
    {
        uint256 count = voucherClaims.length;
        if (count == 0) revert EmptyBatch();

        address authorizer = voucherClaims[0].voucher.channel.receiverAuthorizer;
        // The ids hashed for the digest are kept so that each row's config is hashed once, not twice.
        bytes32 domain = _domainSeparatorV4();
        bytes32[] memory channelIds = new bytes32[](count);
        bytes32 digest = _claimBatchDigest(domain, voucherClaims, channelIds);
        if (!SignatureChecker.isValidSignatureNow(authorizer, digest, authorizerSignature)) revert InvalidSignature();

        ReceiverCredit memory credit;
        for (uint256 i; i < count; ++i) {
            VoucherClaim calldata row = voucherClaims[i];
            ChannelConfig calldata channel = row.voucher.channel;
            if (channel.receiverAuthorizer != authorizer) revert NotReceiverAuthorizer();
            _credit(credit, channel, _applyClaim(domain, row, channelIds[i]));
        }
        _flush(credit);
    }

    /// @inheritdoc IBatchSettlement
    function settle(address receiver, address token) external nonReentrant {
        ReceiverState memory state = receivers[receiver][token];
        uint128 owed = state.totalClaimed - state.totalSettled;
        if (owed == 0) return;

        receivers[receiver][token].totalSettled = state.totalClaimed;
        IERC20(token).safeTransfer(receiver, owed);
        emit Settled(receiver, token, msg.sender, owed);
    }

    // ---------------------------------------------------------------- payer exit

    /// @inheritdoc IBatchSettlement
    function initiateWithdraw(ChannelConfig calldata config, uint128 amount) external nonReentrant {
        if (msg.sender != config.payer && msg.sender != config.payerAuthorizer) revert InvalidChannel();
        if (amount == 0) revert NothingToWithdraw();

        bytes32 channelId = _channelId(_domainSeparatorV4(), config);
        if (pendingWithdrawals[channelId].initiatedAt != 0) revert WithdrawalAlreadyPending();
        ChannelState memory state = channels[channelId];
        // Unclaimed vouchers reserve nothing: only what has been claimed on chain is out of the payer's reach.
        if (amount > state.balance - state.totalClaimed) revert WithdrawAmountExceedsAvailable();

        uint40 initiatedAt = uint40(block.timestamp);
        pendingWithdrawals[channelId] = WithdrawalState({amount: amount, initiatedAt: initiatedAt});
        emit WithdrawInitiated(channelId, amount, initiatedAt + config.withdrawDelay);
    }

    /// @inheritdoc IBatchSettlement
    function finalizeWithdraw(ChannelConfig calldata config) external nonReentrant {
        if (msg.sender != config.payer && msg.sender != config.payerAuthorizer) {
            revert NotAuthorizedToFinalizeWithdraw();
        }

        bytes32 channelId = _channelId(_domainSeparatorV4(), config);
        WithdrawalState memory pending = pendingWithdrawals[channelId];
        if (pending.initiatedAt == 0) revert WithdrawalNotPending();
        if (block.timestamp < uint256(pending.initiatedAt) + config.withdrawDelay) revert WithdrawDelayNotElapsed();

        // Claims that landed during the delay win: the payout is capped at what is still unclaimed.
        ChannelState memory state = channels[channelId];
        uint128 payout = _min(pending.amount, state.balance - state.totalClaimed);
        uint128 newBalance = state.balance - payout;

        delete pendingWithdrawals[channelId];
        channels[channelId].balance = newBalance;

        emit WithdrawFinalized(channelId, msg.sender, payout);
        if (newBalance == 0 && state.totalClaimed == 0) emit ChannelClosed(channelId, config);
        if (payout != 0) IERC20(config.token).safeTransfer(config.payer, payout);
    }

    // ---------------------------------------------------------------- cooperative refund

    /// @inheritdoc IBatchSettlement
    function refund(ChannelConfig calldata config, uint128 amount) external nonReentrant {
        if (msg.sender != config.receiverAuthorizer && msg.sender != config.receiver) revert NotAuthorizedToRefund();
        _refund(config, _channelId(_domainSeparatorV4(), config), amount);
    }

    /// @inheritdoc IBatchSettlement
    function refundWithSignature(
        ChannelConfig calldata config,
        uint128 amount,
        uint256 nonce,
        bytes calldata receiverAuthorizerSignature
    ) external nonReentrant {
        bytes32 channelId = _channelId(_domainSeparatorV4(), config);
        if (nonce != refundNonce[channelId]) revert InvalidRefundNonce();
        bytes32 digest = getRefundDigest(channelId, nonce, amount);
        if (!SignatureChecker.isValidSignatureNow(config.receiverAuthorizer, digest, receiverAuthorizerSignature)) {
            revert InvalidSignature();
        }
        _refund(config, channelId, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IBatchSettlement
    function getChannelId(ChannelConfig calldata config) external view returns (bytes32) {
        return _channelId(_domainSeparatorV4(), config);
    }

    /// @inheritdoc IBatchSettlement
    function getVoucherDigest(bytes32 channelId, uint128 maxClaimableAmount) public view returns (bytes32) {
        return _hashTypedDataV4(ChannelHashing.hashVoucher(channelId, maxClaimableAmount));
    }

    /// @inheritdoc IBatchSettlement
    function getRefundDigest(bytes32 channelId, uint256 nonce, uint128 amount) public view returns (bytes32) {
        return _hashTypedDataV4(ChannelHashing.hashRefund(channelId, nonce, amount));
    }

    /// @inheritdoc IBatchSettlement
    /// @dev Defined for an empty array too (entries root = keccak256("")), for off-chain tools; claims reject it.
    function getClaimBatchDigest(VoucherClaim[] calldata voucherClaims) external view returns (bytes32) {
        return _claimBatchDigest(_domainSeparatorV4(), voucherClaims, new bytes32[](voucherClaims.length));
    }

    // ---------------------------------------------------------------- internals

    /// @dev Claims in a batch usually share one (receiver, token); their deltas are summed in memory and written to
    ///      `receivers` once per run of equal pairs instead of once per row.
    struct ReceiverCredit {
        address receiver;
        address token;
        uint128 amount;
    }

    /// @dev `domain` is the live EIP-712 domain separator, read once per call and passed down the batch loops.
    function _channelId(bytes32 domain, ChannelConfig calldata config) private pure returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(domain, ChannelHashing.hashConfig(config));
    }

    /// @dev Fills `channelIds` with each row's id as a by-product of hashing the batch.
    function _claimBatchDigest(bytes32 domain, VoucherClaim[] calldata voucherClaims, bytes32[] memory channelIds)
        private
        pure
        returns (bytes32)
    {
        uint256 count = voucherClaims.length;
        bytes32[] memory entryHashes = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            VoucherClaim calldata row = voucherClaims[i];
            bytes32 channelId = _channelId(domain, row.voucher.channel);
            channelIds[i] = channelId;
            entryHashes[i] = ChannelHashing.hashClaimEntry(channelId, row.voucher.maxClaimableAmount, row.totalClaimed);
        }
        return MessageHashUtils.toTypedDataHash(domain, ChannelHashing.hashClaimBatch(entryHashes));
    }

    /// @dev Applies one row and returns the amount newly claimed. A row at or below the recorded total is skipped
    ///      (replays are idempotent); any other failing row reverts the whole batch.
    function _applyClaim(bytes32 domain, VoucherClaim calldata row, bytes32 channelId)
        private
        returns (uint128 claimed)
    {
        ChannelState storage state = channels[channelId];
        (uint128 balance, uint128 previousTotal) = (state.balance, state.totalClaimed);
        uint128 newTotal = row.totalClaimed;
        if (newTotal <= previousTotal) return 0;
        if (newTotal > row.voucher.maxClaimableAmount) revert ClaimExceedsCeiling();
        if (newTotal > balance) revert ClaimExceedsBalance();
        _requirePayerSignature(domain, row, channelId);

        state.totalClaimed = newTotal;
        unchecked {
            claimed = newTotal - previousTotal;
        }
        emit Claimed(channelId, msg.sender, claimed, newTotal);
    }

    /// @dev A non-zero payerAuthorizer is a plain key (ECDSA only, so servers can check vouchers offline); without
    ///      one the payer itself signs, possibly as an ERC-1271 wallet.
    function _requirePayerSignature(bytes32 domain, VoucherClaim calldata row, bytes32 channelId) private view {
        bytes32 digest = MessageHashUtils.toTypedDataHash(
            domain, ChannelHashing.hashVoucher(channelId, row.voucher.maxClaimableAmount)
        );
        address payerAuthorizer = row.voucher.channel.payerAuthorizer;
        if (payerAuthorizer != address(0)) {
            if (_recover(digest, row.signature) != payerAuthorizer) revert InvalidSignature();
        } else if (!SignatureChecker.isValidSignatureNow(row.voucher.channel.payer, digest, row.signature)) {
            revert InvalidSignature();
        }
    }

    /// @dev OZ ECDSA rules (65 bytes, low s, v in {27, 28}) applied to a calldata signature without copying it.
    function _recover(bytes32 digest, bytes calldata signature) private pure returns (address) {
        if (signature.length != 65) revert ECDSA.ECDSAInvalidSignatureLength(signature.length);
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := calldataload(signature.offset)
            s := calldataload(add(signature.offset, 0x20))
            v := byte(0, calldataload(add(signature.offset, 0x40)))
        }
        return ECDSA.recover(digest, v, r, s);
    }

    function _credit(ReceiverCredit memory credit, ChannelConfig calldata channel, uint128 amount) private {
        if (amount == 0) return;
        (address receiver, address token) = (channel.receiver, channel.token);
        if (receiver == credit.receiver && token == credit.token) {
            credit.amount += amount;
        } else {
            _flush(credit);
            (credit.receiver, credit.token, credit.amount) = (receiver, token, amount);
        }
    }

    function _flush(ReceiverCredit memory credit) private {
        if (credit.amount != 0) receivers[credit.receiver][credit.token].totalClaimed += credit.amount;
    }

    /// @dev Bumps the nonce before anything else, so even a refund capped to nothing consumes its signature.
    function _refund(ChannelConfig calldata config, bytes32 channelId, uint128 amount) private {
        if (amount == 0) revert ZeroRefund();
        unchecked {
            ++refundNonce[channelId];
        }

        ChannelState memory state = channels[channelId];
        uint128 refunded = _min(amount, state.balance - state.totalClaimed);
        if (refunded == 0) return;
        uint128 newBalance = state.balance - refunded;
        channels[channelId].balance = newBalance;

        // A pending withdrawal can no longer take what was just refunded.
        WithdrawalState memory pending = pendingWithdrawals[channelId];
        if (pending.initiatedAt != 0) {
            if (refunded >= pending.amount) delete pendingWithdrawals[channelId];
            else pendingWithdrawals[channelId].amount = pending.amount - refunded;
        }

        emit Refunded(channelId, msg.sender, refunded);
        if (newBalance == 0 && state.totalClaimed == 0) emit ChannelClosed(channelId, config);
        IERC20(config.token).safeTransfer(config.payer, refunded);
    }

    function _min(uint128 a, uint128 b) private pure returns (uint128) {
        return a < b ? a : b;
    }
}
