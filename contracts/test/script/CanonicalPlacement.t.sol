// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchSettlement} from "../../src/BatchSettlement.sol";
import {DepositCollector} from "../../src/collectors/DepositCollector.sol";
import {ERC3009DepositCollector} from "../../src/collectors/ERC3009DepositCollector.sol";
import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {Multicall3} from "../../src/multicall/Multicall3.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";

/// @notice What script/place-canonical.sh does, with vm.etch in place of anvil_setCode: runtimes made elsewhere,
///         copied to the addresses the x402 SDK hard-codes, must work there end to end.
contract CanonicalPlacementTest is SettlementFixture {
    address private constant CANONICAL_SETTLEMENT = 0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003;
    address private constant CANONICAL_COLLECTOR = 0x4020806089470a89826cB9fB1f4059150b550004;
    address private constant MULTICALL3 = 0xcA11bde05977b3631167028862bE2a173976CA11;

    function setUp() public override {
        super.setUp();
        vm.etch(CANONICAL_SETTLEMENT, address(new BatchSettlement()).code);
        vm.etch(CANONICAL_COLLECTOR, address(new ERC3009DepositCollector(CANONICAL_SETTLEMENT)).code);
        vm.etch(MULTICALL3, address(new Multicall3()).code);
        settlement = BatchSettlement(CANONICAL_SETTLEMENT);
        erc3009Collector = ERC3009DepositCollector(CANONICAL_COLLECTOR);
    }

    function test_depositClaimSettle_atCanonicalAddresses() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes32 id = _id(config);
        _deposit(config, 1_000); // ReceiveWithAuthorization signed to the canonical collector

        _claimAsReceiver(_rows(_row(config, 1_000, 600)));
        settlement.settle(receiver, address(token));

        vm.assertEq(token.balanceOf(receiver), 600, "receiver paid");
        vm.assertEq(_balance(id), 1_000, "channel balance");
        vm.assertEq(token.balanceOf(CANONICAL_SETTLEMENT), 400, "unclaimed escrow held at the canonical address");
        (,,,, address verifyingContract,,) = settlement.eip712Domain();
        vm.assertEq(verifyingContract, CANONICAL_SETTLEMENT, "domain names the canonical address");
    }

    function test_collectorBuiltForAnotherSettlement_refusesCanonical() public {
        // The immutable is in the runtime code: a collector made for some other settlement cannot serve this one.
        vm.etch(CANONICAL_COLLECTOR, address(new ERC3009DepositCollector(address(0xBEEF))).code);
        IBatchSettlement.ChannelConfig memory config = _config();
        token.mint(payer, 1_000);
        bytes memory data = _erc3009Data(PAYER_KEY, payer, 1_000, _id(config), 1);
        vm.expectRevert(DepositCollector.OnlyX402BatchSettlement.selector);
        settlement.deposit(config, 1_000, CANONICAL_COLLECTOR, data);
    }

    function test_multicall3_readsChannelStateLikeTheFacilitator() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes32 id = _id(config);
        _deposit(config, 1_000);

        Multicall3.Call3[] memory calls = new Multicall3.Call3[](3);
        calls[0] = Multicall3.Call3(CANONICAL_SETTLEMENT, false, abi.encodeCall(settlement.channels, (id)));
        calls[1] = Multicall3.Call3(CANONICAL_SETTLEMENT, false, abi.encodeCall(settlement.refundNonce, (id)));
        calls[2] = Multicall3.Call3(CANONICAL_SETTLEMENT, true, hex"deadbeef");
        Multicall3.Result[] memory results = Multicall3(MULTICALL3).aggregate3(calls);

        (uint128 balance, uint128 claimed) = abi.decode(results[0].returnData, (uint128, uint128));
        vm.assertEq(balance, 1_000, "balance read through Multicall3");
        vm.assertEq(claimed, 0, "totalClaimed read through Multicall3");
        vm.assertFalse(results[2].success, "allowed failure reported, not thrown");

        calls[2].allowFailure = false;
        vm.expectRevert(abi.encodeWithSelector(Multicall3.CallFailed.selector, 2));
        Multicall3(MULTICALL3).aggregate3(calls);
    }
}
