// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {MockERC1271Wallet} from "../utils/mocks/MockERC1271Wallet.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";
import {VmLogs} from "../utils/VmLogs.sol";

contract BatchSettlementRefundTest is SettlementFixture {
    bytes32 private constant REFUNDED = keccak256("Refunded(bytes32,address,uint128)");

    IBatchSettlement.ChannelConfig private _channel;
    bytes32 private _channelId;

    function setUp() public override {
        super.setUp();
        _channel = _config();
        _channelId = _id(_channel);
        _deposit(_channel, 1_000);
    }

    function test_refund_byReceiver_paysPayer_andBumpsNonce() public {
        vm.expectEmit(address(settlement));
        emit IBatchSettlement.Refunded(_channelId, receiver, 300);
        vm.prank(receiver);
        settlement.refund(_channel, 300);

        vm.assertEq(token.balanceOf(payer), 300, "payer refunded");
        vm.assertEq(_balance(_channelId), 700, "balance reduced");
        vm.assertEq(settlement.refundNonce(_channelId), 1, "nonce bumped");
    }

    function test_refund_byReceiverAuthorizer() public {
        vm.prank(receiverAuthorizer);
        settlement.refund(_channel, 1);
        vm.assertEq(token.balanceOf(payer), 1, "refunded");
    }

    function test_refund_isCappedAtUnclaimed_andClosesWhenEmpty() public {
        vm.expectEmit(address(settlement));
        emit IBatchSettlement.ChannelClosed(_channelId, _channel);
        vm.prank(receiver);
        settlement.refund(_channel, 5_000);
        vm.assertEq(token.balanceOf(payer), 1_000, "capped at the balance");
        vm.assertEq(_balance(_channelId), 0, "emptied");
    }

    function test_refund_neverTouchesClaimedFunds() public {
        _claimAsReceiver(_rows(_row(_channel, 1_000, 600)));
        vm.prank(receiver);
        settlement.refund(_channel, 1_000);
        vm.assertEq(token.balanceOf(payer), 400, "only the unclaimed part");
        settlement.settle(receiver, address(token));
        vm.assertEq(token.balanceOf(receiver), 600, "claims still paid");
    }

    function test_refund_withNothingAvailable_bumpsNonce_noEventNoTransfer() public {
        _claimAsReceiver(_rows(_row(_channel, 1_000, 1_000)));
        vm.recordLogs();
        vm.prank(receiver);
        settlement.refund(_channel, 10);
        vm.assertEq(vm.getRecordedLogs().length, 0, "no event, no transfer");
        vm.assertEq(settlement.refundNonce(_channelId), 1, "nonce still advanced");
    }

    function test_revert_refund_zero_doesNotBumpNonce() public {
        vm.prank(receiver);
        vm.expectRevert(IBatchSettlement.ZeroRefund.selector);
        settlement.refund(_channel, 0);
        vm.assertEq(settlement.refundNonce(_channelId), 0, "nonce untouched");
    }

    function test_revert_refund_byOthers() public {
        address[3] memory outsiders = [payer, payerAuthorizer, stranger];
        for (uint256 i; i < outsiders.length; ++i) {
            vm.prank(outsiders[i]);
            vm.expectRevert(IBatchSettlement.NotAuthorizedToRefund.selector);
            settlement.refund(_channel, 1);
        }
    }

    function test_refund_shrinksPendingWithdrawal() public {
        vm.prank(payer);
        settlement.initiateWithdraw(_channel, 800);
        vm.prank(receiver);
        settlement.refund(_channel, 300);
        (uint128 amount, uint40 initiatedAt) = settlement.pendingWithdrawals(_channelId);
        vm.assertEq(amount, 500, "pending shrunk by the refund");
        vm.assertEq(initiatedAt, START_TIME, "clock kept");
    }

    function test_refund_coveringPendingWithdrawal_clearsIt() public {
        vm.prank(payer);
        settlement.initiateWithdraw(_channel, 300);
        vm.prank(receiver);
        settlement.refund(_channel, 300);
        (uint128 amount, uint40 initiatedAt) = settlement.pendingWithdrawals(_channelId);
        vm.assertEq(amount, 0, "cleared");
        vm.assertEq(initiatedAt, 0, "cleared");
    }

    function test_refundWithSignature_relayed() public {
        bytes memory signature = _signRefund(RECEIVER_AUTHORIZER_KEY, _channelId, 0, 250);
        vm.expectEmit(address(settlement));
        emit IBatchSettlement.Refunded(_channelId, relayer, 250);
        vm.prank(relayer);
        settlement.refundWithSignature(_channel, 250, 0, signature);
        vm.assertEq(token.balanceOf(payer), 250, "payer refunded");
        vm.assertEq(settlement.refundNonce(_channelId), 1, "nonce bumped");
    }

    function test_revert_refundWithSignature_replay() public {
        bytes memory signature = _signRefund(RECEIVER_AUTHORIZER_KEY, _channelId, 0, 250);
        settlement.refundWithSignature(_channel, 250, 0, signature);
        vm.expectRevert(IBatchSettlement.InvalidRefundNonce.selector);
        settlement.refundWithSignature(_channel, 250, 0, signature);
    }

    function test_revert_refundWithSignature_futureNonce() public {
        bytes memory signature = _signRefund(RECEIVER_AUTHORIZER_KEY, _channelId, 1, 250);
        vm.expectRevert(IBatchSettlement.InvalidRefundNonce.selector);
        settlement.refundWithSignature(_channel, 250, 1, signature);
    }

    function test_revert_refundWithSignature_wrongSignerOrAmount() public {
        bytes memory byStranger = _signRefund(STRANGER_KEY, _channelId, 0, 250);
        vm.expectRevert(IBatchSettlement.InvalidSignature.selector);
        settlement.refundWithSignature(_channel, 250, 0, byStranger);

        bytes memory forOtherAmount = _signRefund(RECEIVER_AUTHORIZER_KEY, _channelId, 0, 250);
        vm.expectRevert(IBatchSettlement.InvalidSignature.selector);
        settlement.refundWithSignature(_channel, 251, 0, forOtherAmount);
        vm.assertEq(settlement.refundNonce(_channelId), 0, "failed attempts consume nothing");
    }

    function test_revert_refundWithSignature_zeroAmount() public {
        bytes memory signature = _signRefund(RECEIVER_AUTHORIZER_KEY, _channelId, 0, 0);
        vm.expectRevert(IBatchSettlement.ZeroRefund.selector);
        settlement.refundWithSignature(_channel, 0, 0, signature);
    }

    function test_oldRefundSignature_failsAfterNoopRefundAndRedeposit() public {
        bytes memory presigned = _signRefund(RECEIVER_AUTHORIZER_KEY, _channelId, 0, 500);
        _claimAsReceiver(_rows(_row(_channel, 1_000, 1_000)));
        vm.prank(receiver);
        settlement.refund(_channel, 500); // nothing available: a no-op that still consumes nonce 0
        _deposit(_channel, 1_000);

        vm.expectRevert(IBatchSettlement.InvalidRefundNonce.selector);
        settlement.refundWithSignature(_channel, 500, 0, presigned);
    }

    function test_refundWithSignature_byErc1271Authorizer() public {
        MockERC1271Wallet wallet = new MockERC1271Wallet(receiverAuthorizer);
        IBatchSettlement.ChannelConfig memory config = _config(bytes32(uint256(5)));
        config.receiverAuthorizer = address(wallet);
        _deposit(config, 100);
        bytes32 id = _id(config);
        settlement.refundWithSignature(config, 100, 0, _signRefund(RECEIVER_AUTHORIZER_KEY, id, 0, 100));
        vm.assertEq(_balance(id), 0, "refunded through the wallet's approval");
    }

    function test_refundWithSignature_cappedToNothing_emitsNoRefunded() public {
        _claimAsReceiver(_rows(_row(_channel, 1_000, 1_000)));
        bytes memory signature = _signRefund(RECEIVER_AUTHORIZER_KEY, _channelId, 0, 10);
        vm.recordLogs();
        settlement.refundWithSignature(_channel, 10, 0, signature);
        VmLogs.requireNoTopic(vm.getRecordedLogs(), REFUNDED);
        vm.assertEq(settlement.refundNonce(_channelId), 1, "nonce advanced");
    }
}
