// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {MockERC1271Wallet} from "../utils/mocks/MockERC1271Wallet.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";
import {VmLogs} from "../utils/VmLogs.sol";

contract BatchSettlementClaimTest is SettlementFixture {
    bytes32 private constant CLAIMED = keccak256("Claimed(bytes32,address,uint128,uint128)");
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    uint256 private constant ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    IBatchSettlement.ChannelConfig private _channel;
    bytes32 private _channelId;

    function setUp() public override {
        super.setUp();
        _channel = _config();
        _channelId = _id(_channel);
        _deposit(_channel, 1_000);
    }

    function test_claim_byReceiver_recordsClaimAndReceiverTotal() public {
        vm.expectEmit(address(settlement));
        emit IBatchSettlement.Claimed(_channelId, receiver, 700, 700);
        _claimAsReceiver(_rows(_row(_channel, 1_000, 700)));

        vm.assertEq(_claimed(_channelId), 700, "channel totalClaimed");
        vm.assertEq(_balance(_channelId), 1_000, "claim moves no balance");
        (uint128 claimed, uint128 settled) = settlement.receivers(receiver, address(token));
        vm.assertEq(claimed, 700, "receiver totalClaimed");
        vm.assertEq(settled, 0, "nothing settled yet");
        vm.assertEq(token.balanceOf(address(settlement)), 1_000, "no tokens move on claim");
    }

    function test_claim_byReceiverAuthorizer() public {
        IBatchSettlement.VoucherClaim[] memory rows = _rows(_row(_channel, 1_000, 10));
        vm.prank(receiverAuthorizer);
        settlement.claim(rows);
        vm.assertEq(_claimed(_channelId), 10, "claimed by the authorizer");
    }

    function test_claim_isCumulative_deltaOnly() public {
        _claimAsReceiver(_rows(_row(_channel, 500, 300)));
        vm.expectEmit(address(settlement));
        emit IBatchSettlement.Claimed(_channelId, receiver, 400, 700);
        _claimAsReceiver(_rows(_row(_channel, 1_000, 700)));

        (uint128 claimed,) = settlement.receivers(receiver, address(token));
        vm.assertEq(claimed, 700, "receiver credited the sum of deltas, not of totals");
    }

    function test_claim_replayOrLowerTotal_isSilentNoop() public {
        IBatchSettlement.VoucherClaim memory row = _row(_channel, 1_000, 700);
        _claimAsReceiver(_rows(row));

        vm.recordLogs();
        _claimAsReceiver(_rows(row));
        _claimAsReceiver(_rows(_row(_channel, 1_000, 200)));
        VmLogs.requireNoTopic(vm.getRecordedLogs(), CLAIMED);

        vm.assertEq(_claimed(_channelId), 700, "total unchanged");
        (uint128 claimed,) = settlement.receivers(receiver, address(token));
        vm.assertEq(claimed, 700, "receiver not credited twice");
    }

    function test_claim_skippedRow_needsNoValidSignature() public {
        _claimAsReceiver(_rows(_row(_channel, 1_000, 700)));
        IBatchSettlement.VoucherClaim memory stale = _row(_channel, 1_000, 700);
        stale.signature = hex"00";
        _claimAsReceiver(_rows(stale));
        vm.assertEq(_claimed(_channelId), 700, "stale row skipped before its signature is looked at");
    }

    function test_revert_emptyBatch() public {
        vm.prank(receiver);
        vm.expectRevert(IBatchSettlement.EmptyBatch.selector);
        settlement.claim(new IBatchSettlement.VoucherClaim[](0));
    }

    function test_revert_callerNotReceiverSide() public {
        IBatchSettlement.VoucherClaim[] memory rows = _rows(_row(_channel, 1_000, 700));
        address[3] memory outsiders = [payer, payerAuthorizer, stranger];
        for (uint256 i; i < outsiders.length; ++i) {
            vm.prank(outsiders[i]);
            vm.expectRevert(IBatchSettlement.NotAuthorizedToClaim.selector);
            settlement.claim(rows);
        }
        vm.assertEq(_claimed(_channelId), 0, "nothing claimed by outsiders");
    }

    function test_revert_aboveCeiling() public {
        IBatchSettlement.VoucherClaim[] memory rows = _rows(_row(_channel, 600, 601));
        vm.prank(receiver);
        vm.expectRevert(IBatchSettlement.ClaimExceedsCeiling.selector);
        settlement.claim(rows);
    }

    function test_revert_aboveBalance() public {
        IBatchSettlement.VoucherClaim[] memory rows = _rows(_row(_channel, 5_000, 1_001));
        vm.prank(receiver);
        vm.expectRevert(IBatchSettlement.ClaimExceedsBalance.selector);
        settlement.claim(rows);
    }

    function test_claim_upToExactBalance() public {
        _claimAsReceiver(_rows(_row(_channel, 5_000, 1_000)));
        vm.assertEq(_claimed(_channelId), 1_000, "whole balance claimable");
    }

    function test_revert_wrongSigner() public {
        _expectClaimRevert(_row(_channel, 1_000, 700, PAYER_KEY), IBatchSettlement.InvalidSignature.selector);
        _expectClaimRevert(_row(_channel, 1_000, 700, STRANGER_KEY), IBatchSettlement.InvalidSignature.selector);
    }

    function test_revert_signatureForAnotherCeiling() public {
        IBatchSettlement.VoucherClaim memory row = _row(_channel, 1_000, 700);
        row.voucher.maxClaimableAmount = 900;
        _expectClaimRevert(row, IBatchSettlement.InvalidSignature.selector);
    }

    function test_revert_voucherOfAnotherChannel() public {
        IBatchSettlement.ChannelConfig memory other = _config(bytes32(uint256(1)));
        _deposit(other, 1_000);
        IBatchSettlement.VoucherClaim memory row = _row(_channel, 1_000, 700);
        row.voucher.channel = other;
        _expectClaimRevert(row, IBatchSettlement.InvalidSignature.selector);
    }

    function test_revert_malformedSignatureLength() public {
        IBatchSettlement.VoucherClaim memory row = _row(_channel, 1_000, 700);
        row.signature = _truncate(row.signature, 64);
        IBatchSettlement.VoucherClaim[] memory rows = _rows(row);
        vm.prank(receiver);
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureLength.selector, 64));
        settlement.claim(rows);
    }

    function test_revert_highS_malleableTwin() public {
        IBatchSettlement.VoucherClaim memory row = _row(_channel, 1_000, 700);
        (bytes32 r, bytes32 s, uint8 v) = _split(row.signature);
        bytes32 highS = bytes32(ORDER - uint256(s));
        vm.assertTrue(uint256(highS) > HALF_ORDER, "twin has high s");
        row.signature = abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27));
        IBatchSettlement.VoucherClaim[] memory rows = _rows(row);
        vm.prank(receiver);
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureS.selector, highS));
        settlement.claim(rows);
    }

    function test_revert_flippedV() public {
        IBatchSettlement.VoucherClaim memory row = _row(_channel, 1_000, 700);
        (bytes32 r, bytes32 s, uint8 v) = _split(row.signature);
        row.signature = abi.encodePacked(r, s, v == 27 ? uint8(28) : uint8(27));
        _expectClaimRevert(row, IBatchSettlement.InvalidSignature.selector);
    }

    function test_revert_invalidV() public {
        IBatchSettlement.VoucherClaim memory row = _row(_channel, 1_000, 700);
        (bytes32 r, bytes32 s,) = _split(row.signature);
        uint8[3] memory badVs = [uint8(0), 1, 29];
        for (uint256 i; i < badVs.length; ++i) {
            row.signature = abi.encodePacked(r, s, badVs[i]);
            _expectClaimRevert(row, ECDSA.ECDSAInvalidSignature.selector);
        }
    }

    function test_oneBadRow_revertsWholeBatch() public {
        IBatchSettlement.ChannelConfig memory second = _config(bytes32(uint256(2)));
        _deposit(second, 1_000);
        IBatchSettlement.VoucherClaim[] memory rows = new IBatchSettlement.VoucherClaim[](2);
        rows[0] = _row(_channel, 1_000, 700);
        rows[1] = _row(second, 2_000, 1_001);
        vm.prank(receiver);
        vm.expectRevert(IBatchSettlement.ClaimExceedsBalance.selector);
        settlement.claim(rows);
        vm.assertEq(_claimed(_channelId), 0, "good row rolled back");
    }

    function test_batch_creditsEachReceiverAndToken() public {
        address otherReceiver = address(0xAB);
        IBatchSettlement.ChannelConfig memory a2 = _config(bytes32(uint256(2)));
        IBatchSettlement.ChannelConfig memory b1 = _config(bytes32(uint256(3)));
        b1.receiver = otherReceiver;
        _deposit(a2, 1_000);
        _deposit(b1, 1_000);

        // Interleaved (A, B, A, A-replay): runs of equal (receiver, token) are credited separately and correctly.
        IBatchSettlement.VoucherClaim[] memory rows = new IBatchSettlement.VoucherClaim[](4);
        rows[0] = _row(_channel, 1_000, 100);
        rows[1] = _row(b1, 1_000, 20);
        rows[2] = _row(a2, 1_000, 3);
        rows[3] = _row(_channel, 1_000, 100);
        vm.prank(receiverAuthorizer);
        settlement.claim(rows);

        (uint128 claimedA,) = settlement.receivers(receiver, address(token));
        (uint128 claimedB,) = settlement.receivers(otherReceiver, address(token));
        vm.assertEq(claimedA, 103, "receiver A credited once per channel");
        vm.assertEq(claimedB, 20, "receiver B credited");
    }

    function test_erc1271Payer_whenNoPayerAuthorizer() public {
        MockERC1271Wallet wallet = new MockERC1271Wallet(payer);
        IBatchSettlement.ChannelConfig memory config = _config();
        config.payer = address(wallet);
        config.payerAuthorizer = address(0);
        _depositPulledFromWallet(config, 1_000);

        _claimAsReceiver(_rows(_row(config, 1_000, 400, PAYER_KEY)));
        vm.assertEq(_claimed(_id(config)), 400, "wallet-approved voucher claimed");

        _expectClaimRevert(_row(config, 1_000, 500, STRANGER_KEY), IBatchSettlement.InvalidSignature.selector);
        wallet.revoke();
        _expectClaimRevert(_row(config, 1_000, 500, PAYER_KEY), IBatchSettlement.InvalidSignature.selector);
    }

    function test_eoaPayer_whenNoPayerAuthorizer() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        config.payerAuthorizer = address(0);
        _deposit(config, 1_000);
        _claimAsReceiver(_rows(_row(config, 1_000, 400, PAYER_KEY)));
        vm.assertEq(_claimed(_id(config)), 400, "payer's own signature");
        _expectClaimRevert(_row(config, 1_000, 500, PAYER_AUTHORIZER_KEY), IBatchSettlement.InvalidSignature.selector);
    }

    function test_payerAuthorizerSet_refusesErc1271AndPayerSignatures() public {
        // A non-zero payerAuthorizer is checked by plain ECDSA only: the payer's own key does not count.
        _expectClaimRevert(_row(_channel, 1_000, 1, PAYER_KEY), IBatchSettlement.InvalidSignature.selector);
    }

    // ---------------------------------------------------------------- helpers

    function _expectClaimRevert(IBatchSettlement.VoucherClaim memory row, bytes4 selector) private {
        IBatchSettlement.VoucherClaim[] memory rows = _rows(row);
        vm.prank(receiver);
        vm.expectRevert(selector);
        settlement.claim(rows);
    }

    function _depositPulledFromWallet(IBatchSettlement.ChannelConfig memory config, uint128 amount) private {
        token.mint(config.payer, amount);
        vm.startPrank(config.payer);
        token.approve(address(erc20Collector), amount);
        erc20Collector.approveDeposit(_id(config), amount);
        vm.stopPrank();
        settlement.deposit(config, amount, address(erc20Collector), "");
    }

    function _split(bytes memory signature) private pure returns (bytes32 r, bytes32 s, uint8 v) {
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
    }

    function _truncate(bytes memory data, uint256 length) private pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i; i < length; ++i) {
            out[i] = data[i];
        }
    }
}
