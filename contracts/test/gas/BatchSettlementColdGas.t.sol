// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";

/// @title BatchSettlementColdGasTest
/// @notice The batch operations measured on cold storage (snapshots/BatchSettlementColdGasTest.json): channels are
///         funded and calls are encoded in setUp, so the measured call is the first to touch every slot, as a
///         claim transaction on a live chain is. BatchSettlementGasTest measures the reference's way (warm after
///         in-test preparation) so that its figures compare with the reference's.
contract BatchSettlementColdGasTest is SettlementFixture {
    uint128 private constant DEPOSIT = 1_000e6;
    uint128 private constant CLAIM = 100e6;

    bytes private _claim100;
    bytes private _claimWithSignature100;
    bytes private _settle;

    function setUp() public override {
        super.setUp();
        token.mint(payer, 100_000_000e6);
        vm.prank(payer);
        token.approve(address(erc20Collector), type(uint256).max);

        IBatchSettlement.VoucherClaim[] memory rows = new IBatchSettlement.VoucherClaim[](100);
        IBatchSettlement.VoucherClaim[] memory otherRows = new IBatchSettlement.VoucherClaim[](100);
        for (uint256 i; i < 100; ++i) {
            rows[i] = _row(_pulledChannel(bytes32(i + 1)), CLAIM, CLAIM);
            otherRows[i] = _row(_pulledChannel(bytes32(i + 1_001)), CLAIM, CLAIM);
        }
        _claim100 = abi.encodeCall(settlement.claim, (rows));
        _claimWithSignature100 = abi.encodeCall(
            settlement.claimWithSignature, (otherRows, _signClaimBatch(RECEIVER_AUTHORIZER_KEY, otherRows))
        );

        // A receiver with claims of its own, to be settled cold.
        IBatchSettlement.ChannelConfig memory config = _config(bytes32(uint256(5_000)));
        config.receiver = address(0x5E77);
        bytes32 id = _id(config);
        vm.prank(payer);
        erc20Collector.approveDeposit(id, DEPOSIT);
        settlement.deposit(config, DEPOSIT, address(erc20Collector), "");
        IBatchSettlement.VoucherClaim[] memory settled = _rows(_row(config, CLAIM, CLAIM));
        vm.prank(receiverAuthorizer);
        settlement.claim(settled);
        _settle = abi.encodeCall(settlement.settle, (config.receiver, address(token)));
    }

    function test_gas_cold_claim_100() public {
        vm.prank(receiverAuthorizer);
        (bool ok,) = address(settlement).call(_claim100);
        vm.assertTrue(ok, "claim succeeded");
        uint256 used = vm.snapshotGasLastCall("claim_100_cold");
        vm.assertLt(used, 1_500_000, "claim_100 budget holds on cold storage too");
    }

    function test_gas_cold_claimWithSignature_100() public {
        vm.prank(relayer);
        (bool ok,) = address(settlement).call(_claimWithSignature100);
        vm.assertTrue(ok, "claim succeeded");
        vm.snapshotGasLastCall("claimWithSignature_100_cold");
    }

    function test_gas_cold_settle() public {
        (bool ok,) = address(settlement).call(_settle);
        vm.assertTrue(ok, "settle succeeded");
        vm.snapshotGasLastCall("settle_cold");
    }

    function _pulledChannel(bytes32 salt) private returns (IBatchSettlement.ChannelConfig memory config) {
        config = _config(salt);
        bytes32 id = _id(config);
        vm.prank(payer);
        erc20Collector.approveDeposit(id, type(uint256).max);
        settlement.deposit(config, DEPOSIT, address(erc20Collector), "");
    }
}
