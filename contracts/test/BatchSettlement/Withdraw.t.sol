// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";
import {VmLogs} from "../utils/VmLogs.sol";

contract BatchSettlementWithdrawTest is SettlementFixture {
    bytes32 private constant CHANNEL_CLOSED =
        keccak256("ChannelClosed(bytes32,(address,address,address,address,address,uint40,bytes32))");

    IBatchSettlement.ChannelConfig private _channel;
    bytes32 private _channelId;

    function setUp() public override {
        super.setUp();
        _channel = _config();
        _channelId = _id(_channel);
        _deposit(_channel, 1_000);
    }

    function test_initiate_byPayer_recordsPendingWithdrawal() public {
        vm.expectEmit(address(settlement));
        emit IBatchSettlement.WithdrawInitiated(_channelId, 400, START_TIME + DELAY);
        vm.prank(payer);
        settlement.initiateWithdraw(_channel, 400);

        (uint128 amount, uint40 initiatedAt) = settlement.pendingWithdrawals(_channelId);
        vm.assertEq(amount, 400, "pending amount");
        vm.assertEq(initiatedAt, START_TIME, "initiatedAt = now");
        vm.assertEq(_balance(_channelId), 1_000, "nothing leaves before the delay");
    }

    function test_initiate_byPayerAuthorizer() public {
        vm.prank(payerAuthorizer);
        settlement.initiateWithdraw(_channel, 1_000);
        (uint128 amount,) = settlement.pendingWithdrawals(_channelId);
        vm.assertEq(amount, 1_000, "authorizer may start the exit");
    }

    function test_revert_initiate_byOthers() public {
        address[3] memory outsiders = [receiver, receiverAuthorizer, stranger];
        for (uint256 i; i < outsiders.length; ++i) {
            vm.prank(outsiders[i]);
            vm.expectRevert(IBatchSettlement.InvalidChannel.selector);
            settlement.initiateWithdraw(_channel, 1);
        }
    }

    function test_revert_initiate_zero() public {
        vm.prank(payer);
        vm.expectRevert(IBatchSettlement.NothingToWithdraw.selector);
        settlement.initiateWithdraw(_channel, 0);
    }

    function test_revert_initiate_twice() public {
        vm.startPrank(payer);
        settlement.initiateWithdraw(_channel, 1);
        vm.expectRevert(IBatchSettlement.WithdrawalAlreadyPending.selector);
        settlement.initiateWithdraw(_channel, 1);
        vm.stopPrank();
    }

    function test_revert_initiate_moreThanUnclaimed() public {
        _claimAsReceiver(_rows(_row(_channel, 1_000, 300)));
        vm.startPrank(payer);
        vm.expectRevert(IBatchSettlement.WithdrawAmountExceedsAvailable.selector);
        settlement.initiateWithdraw(_channel, 701);
        settlement.initiateWithdraw(_channel, 700);
        vm.stopPrank();
    }

    function test_finalize_afterDelay_paysPayer_evenWhenAuthorizerCalls() public {
        vm.prank(payer);
        settlement.initiateWithdraw(_channel, 400);
        vm.warp(START_TIME + DELAY);

        vm.expectEmit(address(settlement));
        emit IBatchSettlement.WithdrawFinalized(_channelId, payerAuthorizer, 400);
        vm.prank(payerAuthorizer);
        settlement.finalizeWithdraw(_channel);

        vm.assertEq(token.balanceOf(payer), 400, "funds go to the payer");
        vm.assertEq(token.balanceOf(payerAuthorizer), 0, "never to the authorizer");
        vm.assertEq(_balance(_channelId), 600, "balance reduced");
        (uint128 amount, uint40 initiatedAt) = settlement.pendingWithdrawals(_channelId);
        vm.assertEq(amount, 0, "pending cleared");
        vm.assertEq(initiatedAt, 0, "pending cleared");
    }

    function test_revert_finalize_oneSecondEarly() public {
        vm.prank(payer);
        settlement.initiateWithdraw(_channel, 400);
        vm.warp(START_TIME + DELAY - 1);
        vm.prank(payer);
        vm.expectRevert(IBatchSettlement.WithdrawDelayNotElapsed.selector);
        settlement.finalizeWithdraw(_channel);
    }

    function test_revert_finalize_withoutPending() public {
        vm.prank(payer);
        vm.expectRevert(IBatchSettlement.WithdrawalNotPending.selector);
        settlement.finalizeWithdraw(_channel);
    }

    function test_revert_finalize_byOthers() public {
        vm.prank(payer);
        settlement.initiateWithdraw(_channel, 400);
        vm.warp(START_TIME + DELAY);
        address[3] memory outsiders = [receiver, receiverAuthorizer, stranger];
        for (uint256 i; i < outsiders.length; ++i) {
            vm.prank(outsiders[i]);
            vm.expectRevert(IBatchSettlement.NotAuthorizedToFinalizeWithdraw.selector);
            settlement.finalizeWithdraw(_channel);
        }
    }

    function test_finalize_isCappedByClaimsMadeDuringTheDelay() public {
        vm.prank(payer);
        settlement.initiateWithdraw(_channel, 1_000);
        _claimAsReceiver(_rows(_row(_channel, 1_000, 650)));
        vm.warp(START_TIME + DELAY);

        vm.recordLogs();
        vm.prank(payer);
        settlement.finalizeWithdraw(_channel);
        VmLogs.requireNoTopic(vm.getRecordedLogs(), CHANNEL_CLOSED);

        vm.assertEq(token.balanceOf(payer), 350, "payer gets only the unclaimed part");
        vm.assertEq(_balance(_channelId), 650, "claimed funds stay for settlement");
        settlement.settle(receiver, address(token));
        vm.assertEq(token.balanceOf(receiver), 650, "receiver still paid in full");
    }

    function test_finalize_withNothingLeft_paysZero_andClearsPending() public {
        vm.prank(payer);
        settlement.initiateWithdraw(_channel, 1_000);
        _claimAsReceiver(_rows(_row(_channel, 1_000, 1_000)));
        vm.warp(START_TIME + DELAY);

        vm.expectEmit(address(settlement));
        emit IBatchSettlement.WithdrawFinalized(_channelId, payer, 0);
        vm.prank(payer);
        settlement.finalizeWithdraw(_channel);
        vm.assertEq(token.balanceOf(payer), 0, "nothing paid");
        (, uint40 initiatedAt) = settlement.pendingWithdrawals(_channelId);
        vm.assertEq(initiatedAt, 0, "pending cleared");
    }

    function test_finalize_ofWholeBalance_closesChannel() public {
        vm.prank(payer);
        settlement.initiateWithdraw(_channel, 1_000);
        vm.warp(START_TIME + DELAY);
        vm.expectEmit(address(settlement));
        emit IBatchSettlement.ChannelClosed(_channelId, _channel);
        vm.prank(payer);
        settlement.finalizeWithdraw(_channel);
        vm.assertEq(_balance(_channelId), 0, "emptied");
        vm.assertEq(token.balanceOf(payer), 1_000, "everything back");
    }

    function test_claimAfterFinalize_revertsClaimExceedsBalance() public {
        IBatchSettlement.VoucherClaim[] memory late = _rows(_row(_channel, 1_000, 500));
        vm.prank(payer);
        settlement.initiateWithdraw(_channel, 1_000);
        vm.warp(START_TIME + DELAY);
        vm.prank(payer);
        settlement.finalizeWithdraw(_channel);

        vm.prank(receiver);
        vm.expectRevert(IBatchSettlement.ClaimExceedsBalance.selector);
        settlement.claim(late);
    }

    function test_newWithdrawal_possibleAfterFinalize() public {
        vm.prank(payer);
        settlement.initiateWithdraw(_channel, 100);
        vm.warp(START_TIME + DELAY);
        vm.startPrank(payer);
        settlement.finalizeWithdraw(_channel);
        settlement.initiateWithdraw(_channel, 900);
        vm.stopPrank();
        (uint128 amount,) = settlement.pendingWithdrawals(_channelId);
        vm.assertEq(amount, 900, "second exit recorded");
    }
}
