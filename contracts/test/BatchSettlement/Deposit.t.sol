// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {FeeOnTransferToken} from "../utils/mocks/FeeOnTransferToken.sol";
import {MisdeliveringCollector} from "../utils/mocks/MisdeliveringCollector.sol";
import {ReentrantCollector} from "../utils/mocks/ReentrantCollector.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";
import {VmLogs} from "../utils/VmLogs.sol";

contract BatchSettlementDepositTest is SettlementFixture {
    bytes32 private constant CHANNEL_CREATED =
        keccak256("ChannelCreated(bytes32,(address,address,address,address,address,uint40,bytes32))");

    function test_firstDeposit_createsChannel_andEscrowsTokens() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes32 id = _id(config);
        token.mint(payer, 1_000);
        bytes memory data = _erc3009Data(PAYER_KEY, payer, 1_000, id, 7);

        vm.expectEmit(address(settlement));
        emit IBatchSettlement.ChannelCreated(id, config);
        vm.expectEmit(address(settlement));
        emit IBatchSettlement.Deposited(id, relayer, 1_000, 1_000);
        vm.prank(relayer);
        settlement.deposit(config, 1_000, address(erc3009Collector), data);

        vm.assertEq(_balance(id), 1_000, "channel balance");
        vm.assertEq(_claimed(id), 0, "nothing claimed");
        vm.assertEq(token.balanceOf(address(settlement)), 1_000, "settlement holds the deposit");
        vm.assertEq(token.balanceOf(payer), 0, "payer debited");
        vm.assertEq(token.balanceOf(address(erc3009Collector)), 0, "collector keeps nothing");
    }

    function test_topUp_addsUp_withoutChannelCreated() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes32 id = _id(config);
        _deposit(config, 1_000);

        vm.recordLogs();
        _deposit(config, 250);
        VmLogs.requireNoTopic(vm.getRecordedLogs(), CHANNEL_CREATED);

        vm.assertEq(_balance(id), 1_250, "balances add up");
        vm.assertEq(token.balanceOf(address(settlement)), 1_250, "tokens add up");
    }

    function test_topUp_doesNotCancelPendingWithdrawal() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes32 id = _id(config);
        _deposit(config, 1_000);
        vm.prank(payer);
        settlement.initiateWithdraw(config, 400);

        _deposit(config, 500);

        (uint128 amount, uint40 initiatedAt) = settlement.pendingWithdrawals(id);
        vm.assertEq(amount, 400, "pending amount kept");
        vm.assertEq(initiatedAt, START_TIME, "pending start kept");
    }

    function test_withdrawDelayBounds_areInclusive() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        config.withdrawDelay = 900;
        _deposit(config, 1);
        config.withdrawDelay = 2_592_000;
        _deposit(config, 1);
        vm.assertEq(_balance(_id(config)), 1, "max delay accepted");
    }

    function test_revert_zeroPayer() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        config.payer = address(0);
        _expectDepositRevert(config, 1, IBatchSettlement.InvalidChannel.selector);
    }

    function test_revert_zeroReceiver() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        config.receiver = address(0);
        _expectDepositRevert(config, 1, IBatchSettlement.InvalidChannel.selector);
    }

    function test_revert_zeroReceiverAuthorizer() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        config.receiverAuthorizer = address(0);
        _expectDepositRevert(config, 1, IBatchSettlement.InvalidChannel.selector);
    }

    function test_revert_zeroToken() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        config.token = address(0);
        _expectDepositRevert(config, 1, IBatchSettlement.InvalidChannel.selector);
    }

    function test_zeroPayerAuthorizer_isAllowed() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        config.payerAuthorizer = address(0);
        _deposit(config, 5);
        vm.assertEq(_balance(_id(config)), 5, "ERC-1271 mode channel funded");
    }

    function test_revert_withdrawDelayBelowMinimum() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        config.withdrawDelay = 899;
        _expectDepositRevert(config, 1, IBatchSettlement.WithdrawDelayOutOfRange.selector);
    }

    function test_revert_withdrawDelayAboveMaximum() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        config.withdrawDelay = 2_592_001;
        _expectDepositRevert(config, 1, IBatchSettlement.WithdrawDelayOutOfRange.selector);
    }

    function test_revert_zeroAmount() public {
        _expectDepositRevert(_config(), 0, IBatchSettlement.ZeroDeposit.selector);
    }

    function test_revert_zeroCollector() public {
        vm.expectRevert(IBatchSettlement.InvalidCollector.selector);
        settlement.deposit(_config(), 1, address(0), "");
    }

    function test_revert_balanceOverflow() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        _depositPulled(config, type(uint128).max);

        token.mint(payer, 1);
        vm.prank(payer);
        erc20Collector.approveDeposit(_id(config), 1);
        vm.expectRevert(IBatchSettlement.DepositOverflow.selector);
        settlement.deposit(config, 1, address(erc20Collector), "");
        vm.assertEq(_balance(_id(config)), type(uint128).max, "balance untouched");
    }

    function test_revert_collectorDeliversLess() public {
        MisdeliveringCollector collector = new MisdeliveringCollector(0, 1);
        token.mint(address(collector), 100);
        vm.expectRevert(IBatchSettlement.DepositCollectionFailed.selector);
        settlement.deposit(_config(), 100, address(collector), "");
        vm.assertEq(_balance(_id(_config())), 0, "no credit without the tokens");
    }

    function test_revert_collectorDeliversMore() public {
        MisdeliveringCollector collector = new MisdeliveringCollector(1, 0);
        token.mint(address(collector), 101);
        vm.expectRevert(IBatchSettlement.DepositCollectionFailed.selector);
        settlement.deposit(_config(), 100, address(collector), "");
    }

    function test_revert_feeOnTransferToken() public {
        FeeOnTransferToken feeToken = new FeeOnTransferToken();
        IBatchSettlement.ChannelConfig memory config = _config();
        config.token = address(feeToken);
        feeToken.mint(payer, 1_000);
        vm.startPrank(payer);
        feeToken.approve(address(erc20Collector), 1_000);
        erc20Collector.approveDeposit(_id(config), 1_000);
        vm.stopPrank();

        vm.expectRevert(IBatchSettlement.DepositCollectionFailed.selector);
        settlement.deposit(config, 1_000, address(erc20Collector), "");
    }

    function test_revert_collectorReentersSettlement() public {
        ReentrantCollector collector = new ReentrantCollector();
        collector.arm(abi.encodeCall(settlement.settle, (receiver, address(token))));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        settlement.deposit(_config(), 100, address(collector), "");
    }

    function test_revert_collectorReentersThroughMulticall() public {
        ReentrantCollector collector = new ReentrantCollector();
        bytes[] memory calls = new bytes[](1);
        calls[0] = abi.encodeCall(settlement.settle, (receiver, address(token)));
        collector.arm(abi.encodeCall(settlement.multicall, (calls)));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        settlement.deposit(_config(), 100, address(collector), "");
    }

    function test_channelCreated_againAfterChannelWasEmptied() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes32 id = _id(config);
        _deposit(config, 100);
        vm.prank(receiver);
        settlement.refund(config, 100);

        vm.recordLogs();
        _deposit(config, 50);
        VmLogs.requireTopic(vm.getRecordedLogs(), CHANNEL_CREATED);
        vm.assertEq(_balance(id), 50, "re-funded");
    }

    function _depositPulled(IBatchSettlement.ChannelConfig memory config, uint128 amount) private {
        token.mint(config.payer, amount);
        vm.startPrank(config.payer);
        token.approve(address(erc20Collector), type(uint256).max);
        erc20Collector.approveDeposit(_id(config), amount);
        vm.stopPrank();
        settlement.deposit(config, amount, address(erc20Collector), "");
    }

    function _expectDepositRevert(IBatchSettlement.ChannelConfig memory config, uint128 amount, bytes4 selector)
        private
    {
        vm.expectRevert(selector);
        settlement.deposit(config, amount, address(erc3009Collector), "");
    }
}
