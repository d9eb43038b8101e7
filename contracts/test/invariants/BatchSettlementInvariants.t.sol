// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchSettlement} from "../../src/BatchSettlement.sol";
import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {TestUsdc} from "../../src/token/TestUsdc.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {BatchSettlementHandler} from "./BatchSettlementHandler.sol";

/// @notice Invariants of the channel contract under random sequences of every action (foundry.toml [invariant]).
/// @dev forge runs one fuzzing campaign per invariant_ function, so the four cheap ledger checks share one
///      campaign (`invariant_ledger`) to keep the suite inside the CI time budget.
contract BatchSettlementInvariantTest is BaseTest {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    BatchSettlement private _settlement;
    TestUsdc private _token;
    BatchSettlementHandler private _handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        _token = new TestUsdc("USD Coin", "2");
        _settlement = new BatchSettlement();
        _handler = new BatchSettlementHandler(_settlement, _token);
    }

    /// @dev forge reads these two to know what to call.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(_handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = _handler.deposit.selector;
        selectors[1] = _handler.signVoucher.selector;
        selectors[2] = _handler.claim.selector;
        selectors[3] = _handler.claimAboveCeiling.selector;
        selectors[4] = _handler.settle.selector;
        selectors[5] = _handler.refund.selector;
        selectors[6] = _handler.initiateWithdraw.selector;
        selectors[7] = _handler.finalizeWithdraw.selector;
        selectors[8] = _handler.warp.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(_handler), selectors);
    }

    function invariant_ledger() public view {
        _tokensHeldMatchLedger();
        _channelPaysOutNoMoreThanDeposited();
        _claimsWithinSignedCeiling();
        _settledNeverExceedsClaimed();
    }

    /// @notice Tokens held == Σ channels (balance − totalClaimed) + Σ receivers (claimed − settled).
    function _tokensHeldMatchLedger() private view {
        uint256 unclaimed;
        for (uint256 i; i < _handler.channelCount(); ++i) {
            bytes32 id = _handler.channelIdAt(i);
            (uint128 balance, uint128 claimed) = _settlement.channels(id);
            unclaimed += balance - claimed;
        }
        uint256 owed;
        for (uint256 r; r < 2; ++r) {
            (uint128 claimed, uint128 settled) = _settlement.receivers(_handler.receivers(r), address(_token));
            owed += claimed - settled;
        }
        vm.assertEq(_token.balanceOf(address(_settlement)), unclaimed + owed, "escrow conservation");
    }

    /// @notice No channel pays out more than was deposited into it; claims stay within its balance.
    function _channelPaysOutNoMoreThanDeposited() private view {
        for (uint256 i; i < _handler.channelCount(); ++i) {
            bytes32 id = _handler.channelIdAt(i);
            (uint128 balance, uint128 claimed) = _settlement.channels(id);
            vm.assertEq(balance, _handler.deposited(id) - _handler.paidToPayer(id), "balance = in - out to payer");
            vm.assertLe(claimed, balance, "claims covered by the balance");
            vm.assertLe(_handler.paidToPayer(id) + claimed, _handler.deposited(id), "payouts within deposits");
        }
    }

    /// @notice Nothing is ever claimed beyond what the payer signed.
    function _claimsWithinSignedCeiling() private view {
        for (uint256 i; i < _handler.channelCount(); ++i) {
            bytes32 id = _handler.channelIdAt(i);
            (, uint128 claimed) = _settlement.channels(id);
            vm.assertLe(claimed, _handler.signedCeiling(id), "claim within the signed ceiling");
        }
        vm.assertEq(_handler.invalidClaimsAccepted(), 0, "claims above the ceiling always revert");
    }

    /// @notice Settlement pays each receiver exactly what was claimed for it and never more.
    function _settledNeverExceedsClaimed() private view {
        for (uint256 r; r < 2; ++r) {
            address receiver = _handler.receivers(r);
            (uint128 claimed, uint128 settled) = _settlement.receivers(receiver, address(_token));
            vm.assertLe(settled, claimed, "settled <= claimed");
            vm.assertEq(_handler.settledReceived(receiver), settled, "receiver got exactly what was settled");
        }
    }

    /// @notice From any reachable state, each payer gets balance − totalClaimed back through the timed exit.
    function invariant_payerCanAlwaysRecoverUnclaimed() public {
        uint256 snapshot = vm.snapshotState();
        for (uint256 i; i < _handler.channelCount(); ++i) {
            (IBatchSettlement.ChannelConfig memory config, bytes32 id) = _handler.channelAt(i);
            (uint128 balance, uint128 claimed) = _settlement.channels(id);
            uint256 before = _token.balanceOf(config.payer);

            vm.startPrank(config.payer);
            (, uint40 initiatedAt) = _settlement.pendingWithdrawals(id);
            if (initiatedAt != 0) _finalizeAfterDelay(config);
            (uint128 remaining, uint128 stillClaimed) = _settlement.channels(id);
            if (remaining > stillClaimed) {
                _settlement.initiateWithdraw(config, remaining - stillClaimed);
                _finalizeAfterDelay(config);
            }
            vm.stopPrank();

            vm.assertEq(_token.balanceOf(config.payer) - before, balance - claimed, "payer recovers the unclaimed");
        }
        vm.revertToState(snapshot);
    }

    function _finalizeAfterDelay(IBatchSettlement.ChannelConfig memory config) private {
        vm.warp(block.timestamp + config.withdrawDelay);
        _settlement.finalizeWithdraw(config);
    }
}
