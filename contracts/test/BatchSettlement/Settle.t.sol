// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";

contract BatchSettlementSettleTest is SettlementFixture {
    function test_settle_paysClaimedAcrossChannels_toReceiver() public {
        IBatchSettlement.ChannelConfig memory a = _config(bytes32(uint256(1)));
        IBatchSettlement.ChannelConfig memory b = _config(bytes32(uint256(2)));
        _deposit(a, 1_000);
        _deposit(b, 1_000);
        IBatchSettlement.VoucherClaim[] memory rows = new IBatchSettlement.VoucherClaim[](2);
        rows[0] = _row(a, 1_000, 300);
        rows[1] = _row(b, 1_000, 200);
        _claimAsReceiver(rows);

        vm.expectEmit(address(settlement));
        emit IBatchSettlement.Settled(receiver, address(token), stranger, 500);
        vm.prank(stranger);
        settlement.settle(receiver, address(token));

        vm.assertEq(token.balanceOf(receiver), 500, "receiver paid");
        vm.assertEq(token.balanceOf(stranger), 0, "caller paid nothing");
        vm.assertEq(token.balanceOf(address(settlement)), 1_500, "unclaimed escrow stays");
        (uint128 claimed, uint128 settled) = settlement.receivers(receiver, address(token));
        vm.assertEq(claimed, 500, "claimed total kept");
        vm.assertEq(settled, 500, "settled caught up");
    }

    function test_secondSettle_isSilentNoop() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, 1_000);
        _claimAsReceiver(_rows(_row(config, 1_000, 300)));
        settlement.settle(receiver, address(token));

        vm.recordLogs();
        settlement.settle(receiver, address(token));
        vm.assertEq(vm.getRecordedLogs().length, 0, "no event, no transfer");
        vm.assertEq(token.balanceOf(receiver), 300, "paid once");
    }

    function test_settle_withNothingEverClaimed_doesNotRevert() public {
        vm.recordLogs();
        settlement.settle(receiver, address(token));
        settlement.settle(address(0), address(0));
        vm.assertEq(vm.getRecordedLogs().length, 0, "nothing happens");
    }

    function test_settle_afterFurtherClaims_paysOnlyTheNewPart() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, 1_000);
        _claimAsReceiver(_rows(_row(config, 1_000, 300)));
        settlement.settle(receiver, address(token));
        _claimAsReceiver(_rows(_row(config, 1_000, 450)));

        vm.expectEmit(address(settlement));
        emit IBatchSettlement.Settled(receiver, address(token), address(this), 150);
        settlement.settle(receiver, address(token));
        vm.assertEq(token.balanceOf(receiver), 450, "total paid equals total claimed");
    }
}
