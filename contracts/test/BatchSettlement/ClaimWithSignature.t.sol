// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {MockERC1271Wallet} from "../utils/mocks/MockERC1271Wallet.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";

contract BatchSettlementClaimWithSignatureTest is SettlementFixture {
    IBatchSettlement.ChannelConfig private _first;
    IBatchSettlement.ChannelConfig private _second;

    function setUp() public override {
        super.setUp();
        _first = _config(bytes32(uint256(1)));
        _second = _config(bytes32(uint256(2)));
        _deposit(_first, 1_000);
        _deposit(_second, 1_000);
    }

    function test_relayedBatch_appliesEveryRow() public {
        IBatchSettlement.VoucherClaim[] memory rows = _batch(600, 250);
        bytes memory signature = _signClaimBatch(RECEIVER_AUTHORIZER_KEY, rows);

        vm.expectEmit(address(settlement));
        emit IBatchSettlement.Claimed(_id(_first), relayer, 600, 600);
        vm.expectEmit(address(settlement));
        emit IBatchSettlement.Claimed(_id(_second), relayer, 250, 250);
        vm.prank(relayer);
        settlement.claimWithSignature(rows, signature);

        (uint128 claimed,) = settlement.receivers(receiver, address(token));
        vm.assertEq(claimed, 850, "receiver credited for both channels");
    }

    function test_replayOfWholeBatch_isNoop() public {
        IBatchSettlement.VoucherClaim[] memory rows = _batch(600, 250);
        bytes memory signature = _signClaimBatch(RECEIVER_AUTHORIZER_KEY, rows);
        settlement.claimWithSignature(rows, signature);
        settlement.claimWithSignature(rows, signature);
        (uint128 claimed,) = settlement.receivers(receiver, address(token));
        vm.assertEq(claimed, 850, "credited once");
    }

    function test_revert_emptyBatch() public {
        vm.expectRevert(IBatchSettlement.EmptyBatch.selector);
        settlement.claimWithSignature(new IBatchSettlement.VoucherClaim[](0), "");
    }

    function test_revert_signedByOtherKey() public {
        IBatchSettlement.VoucherClaim[] memory rows = _batch(600, 250);
        bytes memory signature = _signClaimBatch(STRANGER_KEY, rows);
        vm.expectRevert(IBatchSettlement.InvalidSignature.selector);
        settlement.claimWithSignature(rows, signature);
    }

    function test_revert_payerCannotAuthorizeBatch() public {
        IBatchSettlement.VoucherClaim[] memory rows = _batch(600, 250);
        bytes memory signature = _signClaimBatch(PAYER_AUTHORIZER_KEY, rows);
        vm.expectRevert(IBatchSettlement.InvalidSignature.selector);
        settlement.claimWithSignature(rows, signature);
    }

    function test_revert_tamperedTotalAfterSigning() public {
        IBatchSettlement.VoucherClaim[] memory rows = _batch(600, 250);
        bytes memory signature = _signClaimBatch(RECEIVER_AUTHORIZER_KEY, rows);
        rows[1].totalClaimed = 251;
        vm.expectRevert(IBatchSettlement.InvalidSignature.selector);
        settlement.claimWithSignature(rows, signature);
    }

    function test_revert_mixedAuthorizers() public {
        IBatchSettlement.ChannelConfig memory foreign = _config(bytes32(uint256(3)));
        foreign.receiverAuthorizer = stranger;
        _deposit(foreign, 1_000);
        IBatchSettlement.VoucherClaim[] memory rows = new IBatchSettlement.VoucherClaim[](2);
        rows[0] = _row(_first, 1_000, 10);
        rows[1] = _row(foreign, 1_000, 10);
        bytes memory signature = _signClaimBatch(RECEIVER_AUTHORIZER_KEY, rows);

        vm.expectRevert(IBatchSettlement.NotReceiverAuthorizer.selector);
        settlement.claimWithSignature(rows, signature);
        vm.assertEq(_claimed(_id(_first)), 0, "first row rolled back");
    }

    function test_rowErrors_surfaceAsInClaim() public {
        IBatchSettlement.VoucherClaim[] memory rows = _batch(600, 250);
        rows[1] = _row(_second, 100, 250);
        bytes memory signature = _signClaimBatch(RECEIVER_AUTHORIZER_KEY, rows);
        vm.expectRevert(IBatchSettlement.ClaimExceedsCeiling.selector);
        settlement.claimWithSignature(rows, signature);
    }

    function test_erc1271ReceiverAuthorizer() public {
        MockERC1271Wallet wallet = new MockERC1271Wallet(receiverAuthorizer);
        IBatchSettlement.ChannelConfig memory config = _config(bytes32(uint256(9)));
        config.receiverAuthorizer = address(wallet);
        _deposit(config, 1_000);
        IBatchSettlement.VoucherClaim[] memory rows = _rows(_row(config, 1_000, 300));

        settlement.claimWithSignature(rows, _signClaimBatch(RECEIVER_AUTHORIZER_KEY, rows));
        vm.assertEq(_claimed(_id(config)), 300, "wallet-authorized batch applied");

        rows = _rows(_row(config, 1_000, 400));
        bytes memory signature = _signClaimBatch(STRANGER_KEY, rows);
        vm.expectRevert(IBatchSettlement.InvalidSignature.selector);
        settlement.claimWithSignature(rows, signature);
    }

    function _batch(uint128 firstTotal, uint128 secondTotal)
        private
        returns (IBatchSettlement.VoucherClaim[] memory rows)
    {
        rows = new IBatchSettlement.VoucherClaim[](2);
        rows[0] = _row(_first, 1_000, firstTotal);
        rows[1] = _row(_second, 1_000, secondTotal);
    }
}
