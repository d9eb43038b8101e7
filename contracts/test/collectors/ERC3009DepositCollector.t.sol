// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DepositCollector} from "../../src/collectors/DepositCollector.sol";
import {ERC3009DepositCollector} from "../../src/collectors/ERC3009DepositCollector.sol";
import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {TestUsdc} from "../../src/token/TestUsdc.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";

contract ERC3009DepositCollectorTest is SettlementFixture {
    function test_constructor_rejectsZeroSettlement() public {
        vm.expectRevert(DepositCollector.InvalidX402BatchSettlementAddress.selector);
        new ERC3009DepositCollector(address(0));
    }

    function test_exposesItsSettlement() public view {
        vm.assertEq(erc3009Collector.x402BatchSettlement(), address(settlement), "immutable settlement");
    }

    function test_revert_collectFromAnyoneButSettlement() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes32 id = _id(config);
        token.mint(payer, 100);
        bytes memory data = _erc3009Data(PAYER_KEY, payer, 100, id, 1);
        vm.prank(stranger);
        vm.expectRevert(DepositCollector.OnlyX402BatchSettlement.selector);
        erc3009Collector.collect(payer, address(token), 100, id, data);
        vm.assertEq(token.balanceOf(payer), 100, "payer untouched");
    }

    function test_nonce_isHashOfChannelIdAndSalt() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes32 id = _id(config);
        token.mint(payer, 100);
        bytes memory data = _erc3009Data(PAYER_KEY, payer, 100, id, 42);
        settlement.deposit(config, 100, address(erc3009Collector), data);

        vm.assertTrue(token.authorizationState(payer, keccak256(abi.encode(id, uint256(42)))), "nonce consumed");
        vm.assertEq(token.balanceOf(address(erc3009Collector)), 0, "forwarded in full");
    }

    function test_revert_authorizationForAnotherChannel() public {
        IBatchSettlement.ChannelConfig memory intended = _config(bytes32(uint256(1)));
        IBatchSettlement.ChannelConfig memory other = _config(bytes32(uint256(2)));
        token.mint(payer, 100);
        bytes memory data = _erc3009Data(PAYER_KEY, payer, 100, _id(intended), 1);

        vm.expectRevert(TestUsdc.InvalidSignature.selector);
        settlement.deposit(other, 100, address(erc3009Collector), data);
    }

    function test_revert_authorizationForAnotherAmount() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        token.mint(payer, 200);
        bytes memory data = _erc3009Data(PAYER_KEY, payer, 100, _id(config), 1);
        vm.expectRevert(TestUsdc.InvalidSignature.selector);
        settlement.deposit(config, 200, address(erc3009Collector), data);
    }

    function test_revert_reusedSalt() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes32 id = _id(config);
        token.mint(payer, 200);
        bytes memory data = _erc3009Data(PAYER_KEY, payer, 100, id, 1);
        settlement.deposit(config, 100, address(erc3009Collector), data);

        vm.expectRevert(
            abi.encodeWithSelector(TestUsdc.AuthorizationAlreadyUsed.selector, payer, keccak256(abi.encode(id, 1)))
        );
        settlement.deposit(config, 100, address(erc3009Collector), data);
    }

    function test_revert_expiredAuthorization() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        token.mint(payer, 100);
        bytes memory data = _erc3009Data(PAYER_KEY, payer, 100, _id(config), 1);
        vm.warp(block.timestamp + 1 hours);
        vm.expectRevert(abi.encodeWithSelector(TestUsdc.AuthorizationExpired.selector, block.timestamp));
        settlement.deposit(config, 100, address(erc3009Collector), data);
    }

    function test_revert_signedByAnotherKey() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        token.mint(payer, 100);
        bytes memory data = _erc3009Data(STRANGER_KEY, payer, 100, _id(config), 1);
        vm.expectRevert(TestUsdc.InvalidSignature.selector);
        settlement.deposit(config, 100, address(erc3009Collector), data);
    }

    function test_revert_malformedCollectorData() public {
        vm.expectRevert();
        settlement.deposit(_config(), 100, address(erc3009Collector), hex"01");
    }
}
