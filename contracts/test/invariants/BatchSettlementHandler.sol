// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchSettlement} from "../../src/BatchSettlement.sol";
import {ERC20DepositCollector} from "../../src/collectors/ERC20DepositCollector.sol";
import {ERC3009DepositCollector} from "../../src/collectors/ERC3009DepositCollector.sol";
import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {TestUsdc} from "../../src/token/TestUsdc.sol";
import {VM} from "../utils/VmExtra.sol";

/// @title BatchSettlementHandler
/// @notice Drives random deposits, vouchers, claims, settles, refunds and withdrawals among three payers and two
///         receivers (twelve channels), and keeps the ghost ledger the invariants compare the contract against.
///         Every action is shaped to be valid, so the suite runs with fail_on_revert (a revert is a finding);
///         claims above the signed ceiling are sent on purpose and counted if they ever succeed.
contract BatchSettlementHandler {
    struct Channel {
        IBatchSettlement.ChannelConfig config;
        bytes32 id;
        uint256 authorizerKey;
    }

    uint256 internal constant RECEIVER_AUTHORIZER_KEY = 0xC0FFEE;
    uint128 internal constant MAX_DEPOSIT = 1e15;

    BatchSettlement public immutable settlement;
    TestUsdc public immutable token;
    ERC3009DepositCollector public immutable erc3009Collector;
    ERC20DepositCollector public immutable erc20Collector;

    Channel[] internal _channels;
    address[] public receivers;
    mapping(address payer => uint256) internal _payerKey;

    /// @dev Ghost ledger, per channel id.
    mapping(bytes32 => uint256) public deposited;
    mapping(bytes32 => uint256) public paidToPayer;
    mapping(bytes32 => uint128) public signedCeiling;
    mapping(bytes32 => bytes) internal _voucherSignature;
    /// @dev Per receiver: tokens actually received from settle.
    mapping(address => uint256) public settledReceived;

    uint256 public invalidClaimsAccepted;
    uint256 private _authorizationSalt;
    mapping(bytes4 => uint256) public calls;

    constructor(BatchSettlement settlement_, TestUsdc token_) {
        settlement = settlement_;
        token = token_;
        erc3009Collector = new ERC3009DepositCollector(address(settlement_));
        erc20Collector = new ERC20DepositCollector(address(settlement_));
        receivers.push(address(0x5EC1));
        receivers.push(address(0x5EC2));
        address receiverAuthorizer = VM.addr(RECEIVER_AUTHORIZER_KEY);

        for (uint256 p; p < 3; ++p) {
            uint256 payerKey = 0xA000 + p;
            address payer = VM.addr(payerKey);
            _payerKey[payer] = payerKey;
            VM.prank(payer);
            token.approve(address(erc20Collector), type(uint256).max);
            for (uint256 r; r < 2; ++r) {
                for (uint256 s; s < 2; ++s) {
                    // Half the channels use a session key, half let the payer sign its own vouchers.
                    uint256 authorizerKey = s == 0 ? 0xB000 + p : payerKey;
                    IBatchSettlement.ChannelConfig memory config = IBatchSettlement.ChannelConfig({
                        payer: payer,
                        payerAuthorizer: s == 0 ? VM.addr(authorizerKey) : address(0),
                        receiver: receivers[r],
                        receiverAuthorizer: receiverAuthorizer,
                        token: address(token_),
                        withdrawDelay: uint40(900 + 3_600 * (p + r)),
                        salt: bytes32(s)
                    });
                    bytes32 id = settlement_.getChannelId(config);
                    _channels.push(Channel(config, id, authorizerKey));
                    VM.prank(payer);
                    erc20Collector.approveDeposit(id, type(uint256).max);
                }
            }
        }
    }

    // ---------------------------------------------------------------- actions

    function deposit(uint256 seed, uint128 amount, bool viaErc3009) external {
        Channel storage channel = _pick(seed);
        (uint128 balance,) = settlement.channels(channel.id);
        amount = uint128(_bound(amount, 1, MAX_DEPOSIT));
        if (uint256(balance) + amount > type(uint128).max) return;
        address payer = channel.config.payer;
        token.mint(payer, amount);

        if (viaErc3009) {
            uint256 salt = ++_authorizationSalt;
            bytes memory data = _erc3009Data(_payerKey[payer], payer, amount, channel.id, salt);
            settlement.deposit(channel.config, amount, address(erc3009Collector), data);
        } else {
            settlement.deposit(channel.config, amount, address(erc20Collector), "");
        }
        deposited[channel.id] += amount;
        ++calls[this.deposit.selector];
    }

    /// @notice The payer side signs a higher cumulative ceiling (the client paying for more requests).
    function signVoucher(uint256 seed, uint128 increment) external {
        Channel storage channel = _pick(seed);
        uint128 ceiling = signedCeiling[channel.id];
        increment = uint128(_bound(increment, 1, MAX_DEPOSIT));
        if (uint256(ceiling) + increment > type(uint128).max) return;
        ceiling += increment;
        signedCeiling[channel.id] = ceiling;
        _voucherSignature[channel.id] = _sign(channel.authorizerKey, settlement.getVoucherDigest(channel.id, ceiling));
        ++calls[this.signVoucher.selector];
    }

    /// @notice Claims up to three channels in one batch, directly or through a receiverAuthorizer signature.
    function claim(uint256 seed, uint256 rowCount, uint256 fraction, bool withSignature) external {
        rowCount = _bound(rowCount, 1, 3);
        IBatchSettlement.VoucherClaim[] memory rows = new IBatchSettlement.VoucherClaim[](rowCount);
        uint256 used;
        for (uint256 i; i < rowCount; ++i) {
            Channel storage channel = _pick(uint256(keccak256(abi.encode(seed, i))));
            uint128 ceiling = signedCeiling[channel.id];
            (uint128 balance, uint128 claimed) = settlement.channels(channel.id);
            uint128 cap = ceiling < balance ? ceiling : balance;
            if (cap <= claimed || _contains(rows, used, channel.id)) continue;
            uint128 total = claimed + uint128(_bound(fraction, 1, cap - claimed));
            rows[used++] = IBatchSettlement.VoucherClaim({
                voucher: IBatchSettlement.Voucher({channel: channel.config, maxClaimableAmount: ceiling}),
                signature: _voucherSignature[channel.id],
                totalClaimed: total
            });
        }
        if (used == 0) return;
        assembly ("memory-safe") {
            mstore(rows, used)
        }

        if (withSignature) {
            settlement.claimWithSignature(rows, _sign(RECEIVER_AUTHORIZER_KEY, settlement.getClaimBatchDigest(rows)));
        } else {
            VM.prank(rows[0].voucher.channel.receiverAuthorizer);
            settlement.claim(rows);
        }
        ++calls[this.claim.selector];
    }

    /// @notice A claim above the signed ceiling: must never be accepted.
    function claimAboveCeiling(uint256 seed, uint128 excess) external {
        Channel storage channel = _pick(seed);
        uint128 ceiling = signedCeiling[channel.id];
        if (ceiling == 0 || ceiling == type(uint128).max) return;
        excess = uint128(_bound(excess, 1, type(uint128).max - ceiling));
        IBatchSettlement.VoucherClaim[] memory rows = new IBatchSettlement.VoucherClaim[](1);
        rows[0] = IBatchSettlement.VoucherClaim({
            voucher: IBatchSettlement.Voucher({channel: channel.config, maxClaimableAmount: ceiling}),
            signature: _voucherSignature[channel.id],
            totalClaimed: ceiling + excess
        });
        VM.prank(channel.config.receiver);
        try settlement.claim(rows) {
            ++invalidClaimsAccepted;
        } catch {}
        ++calls[this.claimAboveCeiling.selector];
    }

    function settle(uint256 seed) external {
        address receiver = receivers[seed % receivers.length];
        uint256 before = token.balanceOf(receiver);
        settlement.settle(receiver, address(token));
        settledReceived[receiver] += token.balanceOf(receiver) - before;
        ++calls[this.settle.selector];
    }

    function refund(uint256 seed, uint128 amount, bool withSignature) external {
        Channel storage channel = _pick(seed);
        amount = uint128(_bound(amount, 1, MAX_DEPOSIT));
        address payer = channel.config.payer;
        uint256 before = token.balanceOf(payer);
        if (withSignature) {
            uint256 nonce = settlement.refundNonce(channel.id);
            bytes memory signature =
                _sign(RECEIVER_AUTHORIZER_KEY, settlement.getRefundDigest(channel.id, nonce, amount));
            settlement.refundWithSignature(channel.config, amount, nonce, signature);
        } else {
            VM.prank(channel.config.receiver);
            settlement.refund(channel.config, amount);
        }
        paidToPayer[channel.id] += token.balanceOf(payer) - before;
        ++calls[this.refund.selector];
    }

    function initiateWithdraw(uint256 seed, uint128 amount) external {
        Channel storage channel = _pick(seed);
        (uint128 balance, uint128 claimed) = settlement.channels(channel.id);
        (, uint40 initiatedAt) = settlement.pendingWithdrawals(channel.id);
        if (balance == claimed || initiatedAt != 0) return;
        amount = uint128(_bound(amount, 1, balance - claimed));
        VM.prank(channel.config.payer);
        settlement.initiateWithdraw(channel.config, amount);
        ++calls[this.initiateWithdraw.selector];
    }

    function finalizeWithdraw(uint256 seed) external {
        Channel storage channel = _pick(seed);
        (, uint40 initiatedAt) = settlement.pendingWithdrawals(channel.id);
        if (initiatedAt == 0 || block.timestamp < uint256(initiatedAt) + channel.config.withdrawDelay) return;
        address payer = channel.config.payer;
        uint256 before = token.balanceOf(payer);
        VM.prank(channel.config.payerAuthorizer == address(0) ? payer : channel.config.payerAuthorizer);
        settlement.finalizeWithdraw(channel.config);
        paidToPayer[channel.id] += token.balanceOf(payer) - before;
        ++calls[this.finalizeWithdraw.selector];
    }

    function warp(uint256 seconds_) external {
        VM.warp(block.timestamp + _bound(seconds_, 1, 3 days));
        ++calls[this.warp.selector];
    }

    // ---------------------------------------------------------------- views for the invariants

    function channelCount() external view returns (uint256) {
        return _channels.length;
    }

    function channelIdAt(uint256 index) external view returns (bytes32) {
        return _channels[index].id;
    }

    function channelAt(uint256 index) external view returns (IBatchSettlement.ChannelConfig memory, bytes32) {
        return (_channels[index].config, _channels[index].id);
    }

    // ---------------------------------------------------------------- internals

    function _pick(uint256 seed) private view returns (Channel storage) {
        return _channels[seed % _channels.length];
    }

    function _contains(IBatchSettlement.VoucherClaim[] memory rows, uint256 used, bytes32 id)
        private
        view
        returns (bool)
    {
        for (uint256 i; i < used; ++i) {
            if (settlement.getChannelId(rows[i].voucher.channel) == id) return true;
        }
        return false;
    }

    function _erc3009Data(uint256 payerKey, address from, uint256 amount, bytes32 channelId, uint256 salt)
        private
        returns (bytes memory)
    {
        uint256 validBefore = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                token.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(),
                from,
                address(erc3009Collector),
                amount,
                uint256(0),
                validBefore,
                keccak256(abi.encode(channelId, salt))
            )
        );
        bytes32 digest = keccak256(abi.encodePacked(hex"1901", token.DOMAIN_SEPARATOR(), structHash));
        return abi.encode(uint256(0), validBefore, salt, _sign(payerKey, digest));
    }

    function _sign(uint256 key, bytes32 digest) private returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _bound(uint256 x, uint256 min, uint256 max) private pure returns (uint256) {
        return min + (x % (max - min + 1));
    }
}
