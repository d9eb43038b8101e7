// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {DepositCollector} from "../../src/collectors/DepositCollector.sol";
import {ERC20DepositCollector} from "../../src/collectors/ERC20DepositCollector.sol";
import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";

contract ERC20DepositCollectorTest is SettlementFixture {
    IBatchSettlement.ChannelConfig private _channel;
    bytes32 private _channelId;

    function setUp() public override {
        super.setUp();
        _channel = _config();
        _channelId = _id(_channel);
        token.mint(payer, 1_000);
        vm.prank(payer);
        token.approve(address(erc20Collector), type(uint256).max);
    }

    function test_constructor_rejectsZeroSettlement() public {
        vm.expectRevert(DepositCollector.InvalidX402BatchSettlementAddress.selector);
        new ERC20DepositCollector(address(0));
    }

    function test_approvedChannel_canBeFundedByARelayer() public {
        vm.expectEmit(address(erc20Collector));
        emit ERC20DepositCollector.DepositApproval(payer, _channelId, 600);
        vm.prank(payer);
        erc20Collector.approveDeposit(_channelId, 600);

        vm.prank(relayer);
        settlement.deposit(_channel, 400, address(erc20Collector), "");

        vm.assertEq(_balance(_channelId), 400, "funded");
        vm.assertEq(token.balanceOf(address(settlement)), 400, "pulled straight to the settlement contract");
        vm.assertEq(token.balanceOf(address(erc20Collector)), 0, "no hop through the collector");
        vm.assertEq(erc20Collector.depositAllowance(payer, _channelId), 200, "allowance consumed");
    }

    function test_revert_withoutChannelAllowance_evenWithTokenApproval() public {
        vm.expectRevert(abi.encodeWithSelector(ERC20DepositCollector.DepositAllowanceExceeded.selector, 0, 1));
        settlement.deposit(_channel, 1, address(erc20Collector), "");
    }

    function test_revert_attackerChannelCannotPullVictimFunds() public {
        vm.prank(payer);
        erc20Collector.approveDeposit(_channelId, type(uint256).max);

        // Same payer, but a payerAuthorizer and receiver the attacker controls: a different channel id.
        IBatchSettlement.ChannelConfig memory hostile = _channel;
        hostile.payerAuthorizer = stranger;
        hostile.receiver = stranger;
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ERC20DepositCollector.DepositAllowanceExceeded.selector, 0, 1_000));
        settlement.deposit(hostile, 1_000, address(erc20Collector), "");
        vm.assertEq(token.balanceOf(payer), 1_000, "victim keeps the funds");
    }

    function test_revert_aboveChannelAllowance() public {
        vm.prank(payer);
        erc20Collector.approveDeposit(_channelId, 99);
        vm.expectRevert(abi.encodeWithSelector(ERC20DepositCollector.DepositAllowanceExceeded.selector, 99, 100));
        settlement.deposit(_channel, 100, address(erc20Collector), "");
    }

    function test_unlimitedAllowance_isNotDecremented() public {
        vm.prank(payer);
        erc20Collector.approveDeposit(_channelId, type(uint256).max);
        settlement.deposit(_channel, 300, address(erc20Collector), "");
        vm.assertEq(erc20Collector.depositAllowance(payer, _channelId), type(uint256).max, "unlimited stays");
    }

    function test_revert_withoutTokenApproval() public {
        vm.startPrank(payer);
        token.approve(address(erc20Collector), 0);
        erc20Collector.approveDeposit(_channelId, 100);
        vm.stopPrank();
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(erc20Collector), 0, 100)
        );
        settlement.deposit(_channel, 100, address(erc20Collector), "");
    }

    function test_revert_collectFromAnyoneButSettlement() public {
        vm.prank(payer);
        erc20Collector.approveDeposit(_channelId, 100);
        vm.prank(stranger);
        vm.expectRevert(DepositCollector.OnlyX402BatchSettlement.selector);
        erc20Collector.collect(payer, address(token), 100, _channelId, "");
    }
}
