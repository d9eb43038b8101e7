// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Multicall3} from "../../src/multicall/Multicall3.sol";
import {BaseTest} from "../utils/BaseTest.sol";

contract Echo {
    function echo(uint256 x) external payable returns (uint256, uint256) {
        return (x, msg.value);
    }

    function fail() external pure {
        revert("nope");
    }
}

contract Multicall3Test is BaseTest {
    Multicall3 private _multicall;
    Echo private _echo;

    function setUp() public {
        _multicall = new Multicall3();
        _echo = new Echo();
    }

    function test_selectorsMatchCanonicalMulticall3() public pure {
        vm.assertEq(uint256(uint32(Multicall3.aggregate.selector)), 0x252dba42, "aggregate");
        vm.assertEq(uint256(uint32(Multicall3.tryAggregate.selector)), 0xbce38bd7, "tryAggregate");
        vm.assertEq(uint256(uint32(Multicall3.aggregate3.selector)), 0x82ad56cb, "aggregate3");
        vm.assertEq(uint256(uint32(Multicall3.aggregate3Value.selector)), 0x174dea71, "aggregate3Value");
        vm.assertEq(uint256(uint32(Multicall3.getEthBalance.selector)), 0x4d2301cc, "getEthBalance");
        vm.assertEq(uint256(uint32(Multicall3.getBlockNumber.selector)), 0x42cbb15c, "getBlockNumber");
    }

    function test_aggregate_returnsBlockAndData_andRevertsOnFailure() public {
        Multicall3.Call[] memory calls = new Multicall3.Call[](1);
        calls[0] = Multicall3.Call(address(_echo), abi.encodeCall(Echo.echo, (7)));
        (uint256 blockNumber, bytes[] memory data) = _multicall.aggregate(calls);
        vm.assertEq(blockNumber, block.number, "block number");
        (uint256 x,) = abi.decode(data[0], (uint256, uint256));
        vm.assertEq(x, 7, "echoed");

        calls[0] = Multicall3.Call(address(_echo), abi.encodeCall(Echo.fail, ()));
        vm.expectRevert(abi.encodeWithSelector(Multicall3.CallFailed.selector, 0));
        _multicall.aggregate(calls);
    }

    function test_tryAggregate_reportsOrRequires() public {
        Multicall3.Call[] memory calls = new Multicall3.Call[](2);
        calls[0] = Multicall3.Call(address(_multicall), abi.encodeCall(Multicall3.getChainId, ()));
        calls[1] = Multicall3.Call(address(_echo), abi.encodeCall(Echo.fail, ()));
        Multicall3.Result[] memory results = _multicall.tryAggregate(false, calls);
        vm.assertEq(abi.decode(results[0].returnData, (uint256)), block.chainid, "chain id");
        vm.assertFalse(results[1].success, "failure reported");

        vm.expectRevert(abi.encodeWithSelector(Multicall3.CallFailed.selector, 1));
        _multicall.tryAggregate(true, calls);
    }

    function test_aggregate3Value_forwardsValue_andChecksTheSum() public {
        vm.deal(address(this), 10);
        Multicall3.Call3Value[] memory calls = new Multicall3.Call3Value[](1);
        calls[0] = Multicall3.Call3Value(address(_echo), false, 3, abi.encodeCall(Echo.echo, (1)));
        Multicall3.Result[] memory results = _multicall.aggregate3Value{value: 3}(calls);
        (, uint256 value) = abi.decode(results[0].returnData, (uint256, uint256));
        vm.assertEq(value, 3, "value forwarded");
        vm.assertEq(address(_echo).balance, 3, "echo received it");

        vm.expectRevert(abi.encodeWithSelector(Multicall3.ValueMismatch.selector, 4, 3));
        _multicall.aggregate3Value{value: 4}(calls);
    }

    function test_blockGetters() public {
        vm.roll(100);
        vm.warp(1_700_000_000);
        vm.deal(address(0xABC), 5);
        vm.assertEq(_multicall.getBlockNumber(), 100, "number");
        vm.assertEq(_multicall.getCurrentBlockTimestamp(), 1_700_000_000, "timestamp");
        vm.assertEq(_multicall.getEthBalance(address(0xABC)), 5, "balance");
        vm.assertEq(_multicall.getChainId(), block.chainid, "chain");
        vm.assertEq(_multicall.getBasefee(), block.basefee, "basefee");
        vm.assertEq(_multicall.getCurrentBlockGasLimit(), block.gaslimit, "gas limit");
        vm.assertEq(_multicall.getCurrentBlockCoinbase(), block.coinbase, "coinbase");
        vm.assertEq(_multicall.getLastBlockHash(), blockhash(99), "last hash");
        (uint256 number,, Multicall3.Result[] memory none) = _multicall.blockAndAggregate(new Multicall3.Call[](0));
        vm.assertEq(number, 100, "blockAndAggregate number");
        vm.assertEq(none.length, 0, "no calls, no results");
    }
}
