// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";
import {MockErc3009Token} from "../utils/mocks/MockErc3009Token.sol";

/// @title BatchSettlementGasTest
/// @notice Gas snapshots (snapshots/BatchSettlementGasTest.json), measured the way the x402 reference measures its
///         own: each test prepares its state and then measures one call with `snapshotGasLastCall` (execution gas of
///         that call; no 21k intrinsic cost, no calldata cost). Unlike the reference, which used mock tokens, the token
///         here is TestUsdc with real signature checks, so the ERC-3009 deposit pays for an ecrecover and a used-nonce
///         write the reference's mock skipped.
/// @dev Run: `forge test --match-contract BatchSettlementGasTest`; CI checks with FORGE_SNAPSHOT_CHECK=true.
contract BatchSettlementGasTest is SettlementFixture {
    uint128 private constant DEPOSIT = 1_000e6;
    uint128 private constant CLAIM = 100e6;

    function setUp() public override {
        super.setUp();
        token.mint(payer, 100_000_000e6);
        vm.prank(payer);
        token.approve(address(erc20Collector), type(uint256).max);
    }

    function test_gas_deposit_erc20() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes32 id = _id(config);
        vm.prank(payer);
        erc20Collector.approveDeposit(id, DEPOSIT);

        vm.prank(payer);
        settlement.deposit(config, DEPOSIT, address(erc20Collector), "");
        vm.snapshotGasLastCall("deposit_erc20");
    }

    function test_gas_deposit_erc3009() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes memory data = _erc3009Data(PAYER_KEY, payer, DEPOSIT, _id(config), 7);

        vm.prank(relayer);
        settlement.deposit(config, DEPOSIT, address(erc3009Collector), data);
        vm.snapshotGasLastCall("deposit_erc3009");
    }

    /// @dev The same deposit with a token that verifies nothing, as the reference measured its 111,738: what our contract
    ///      and collector cost on their own, without the real token's ecrecover and used-nonce write.
    function test_gas_deposit_erc3009_mock_token() public {
        MockErc3009Token mock = new MockErc3009Token();
        mock.mint(payer, DEPOSIT);
        IBatchSettlement.ChannelConfig memory config = _config();
        config.token = address(mock);
        bytes memory data = abi.encode(uint256(0), uint256(START_TIME + 1 hours), uint256(7), bytes(""));

        vm.prank(relayer);
        settlement.deposit(config, DEPOSIT, address(erc3009Collector), data);
        vm.snapshotGasLastCall("deposit_erc3009_mock_token");
    }

    function test_gas_claim_1() public {
        IBatchSettlement.VoucherClaim[] memory rows = _fundedRows(1);
        vm.prank(receiverAuthorizer);
        settlement.claim(rows);
        vm.snapshotGasLastCall("claim_1");
    }

    function test_gas_claim_10() public {
        IBatchSettlement.VoucherClaim[] memory rows = _fundedRows(10);
        vm.prank(receiverAuthorizer);
        settlement.claim(rows);
        vm.snapshotGasLastCall("claim_10");
    }

    function test_gas_claim_100() public {
        IBatchSettlement.VoucherClaim[] memory rows = _fundedRows(100);
        vm.prank(receiverAuthorizer);
        settlement.claim(rows);
        uint256 used = vm.snapshotGasLastCall("claim_100");
        vm.assertLt(used, 1_500_000, "claim_100 budget");
    }

    function test_gas_claimWithSignature_100() public {
        IBatchSettlement.VoucherClaim[] memory rows = _fundedRows(100);
        bytes memory signature = _signClaimBatch(RECEIVER_AUTHORIZER_KEY, rows);
        vm.prank(relayer);
        settlement.claimWithSignature(rows, signature);
        vm.snapshotGasLastCall("claimWithSignature_100");
    }

    function test_gas_settle() public {
        IBatchSettlement.VoucherClaim[] memory rows = _fundedRows(1);
        vm.prank(receiverAuthorizer);
        settlement.claim(rows);

        settlement.settle(receiver, address(token));
        vm.snapshotGasLastCall("settle");
    }

    function test_gas_refund() public {
        IBatchSettlement.ChannelConfig memory config = _pulledChannel(bytes32(0));
        vm.prank(receiverAuthorizer);
        settlement.refund(config, DEPOSIT);
        vm.snapshotGasLastCall("refund");
    }

    function test_gas_refundWithSignature() public {
        IBatchSettlement.ChannelConfig memory config = _pulledChannel(bytes32(uint256(777)));
        bytes memory signature = _signRefund(RECEIVER_AUTHORIZER_KEY, _id(config), 0, DEPOSIT);
        vm.prank(relayer);
        settlement.refundWithSignature(config, DEPOSIT, 0, signature);
        vm.snapshotGasLastCall("refundWithSignature");
    }

    /// @dev `count` funded channels of one payer to one receiver, each with a voucher row for CLAIM.
    function _fundedRows(uint256 count) private returns (IBatchSettlement.VoucherClaim[] memory rows) {
        rows = new IBatchSettlement.VoucherClaim[](count);
        for (uint256 i; i < count; ++i) {
            IBatchSettlement.ChannelConfig memory config = _pulledChannel(bytes32(i + 1));
            rows[i] = _row(config, CLAIM, CLAIM);
        }
    }

    function _pulledChannel(bytes32 salt) private returns (IBatchSettlement.ChannelConfig memory config) {
        config = _config(salt);
        bytes32 id = _id(config);
        vm.prank(payer);
        erc20Collector.approveDeposit(id, type(uint256).max);
        vm.prank(payer);
        settlement.deposit(config, DEPOSIT, address(erc20Collector), "");
    }
}
