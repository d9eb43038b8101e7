// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchSettlement} from "../../src/BatchSettlement.sol";
import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";

/// @notice Digests and ids against vectors computed once with cast (test/vectors/eip712-vectors.sh, which prints
///         every constant below) and equal to the x402 reference's golden vectors.
contract BatchSettlementViewsTest is SettlementFixture {
    address private constant CANONICAL = 0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003;
    address private constant VECTOR_PAYER = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266;
    address private constant VECTOR_RECEIVER = 0x70997970C51812dc3A010C7d01b50e0d17dc79C8;
    address private constant VECTOR_RECEIVER_AUTHORIZER = 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC;
    address private constant VECTOR_TOKEN = 0x5FbDB2315678afecb367f032d93F642f64180aa3;

    // test/vectors/eip712-vectors.sh
    bytes32 private constant DOMAIN_SEPARATOR = 0xbf720f8d28a5c76a2f7743512598984fa4b90dd1efdb19af73f64cc6587d68af;
    bytes32 private constant CHANNEL_ID = 0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce;
    bytes32 private constant CHANNEL_ID_ON_BASE = 0x5d12e5b38ba9eba906168ac6220826d04b5da1116ae4a569673f9856100f7104;
    bytes32 private constant VOUCHER_DIGEST = 0xd48e132c94dcd17b21fe7470534f023f2faebbb8db6b5391f5b8d6f75e463053;
    bytes32 private constant REFUND_DIGEST = 0x593c3d5ffb896add60ca16378a0587f58c7322fd1e4aab4b3ebacd1fc5fda980;
    bytes32 private constant CLAIM_BATCH_DIGEST = 0x2c4029098bace05b987396f652d023e4f1a92d758b43cae2ea3b584dda8a57a7;
    bytes32 private constant EMPTY_CLAIM_BATCH_DIGEST =
        0x12bca07dd0ec892f2d47a96c4cd3d3c1fa8c16e68be4f391dcc7076e185680f8;

    BatchSettlement private _canonical;

    function setUp() public override {
        super.setUp();
        // Runtime code copied to another address, as anvil_setCode does: the domain must follow the live address.
        vm.chainId(31_337);
        vm.etch(CANONICAL, address(settlement).code);
        _canonical = BatchSettlement(CANONICAL);
    }

    function test_typehashes_matchTypeStrings() public view {
        vm.assertEq(
            settlement.CHANNEL_CONFIG_TYPEHASH(),
            0x1c9a06ceab9b0ebbd3301dc56c9111bb6d9af421356dc9ccb3b7084c755db308,
            "config"
        );
        vm.assertEq(
            settlement.VOUCHER_TYPEHASH(), 0x1e1bd6ff84c3e0d9029a292b212e039c0ca97ec497c55191a4a5874294609a69, "voucher"
        );
        vm.assertEq(
            settlement.REFUND_TYPEHASH(), 0xbe23ad087435072cd69b49cc5b92de10ee610fce7ae0ab428307972d764bb216, "refund"
        );
        vm.assertEq(
            settlement.CLAIM_ENTRY_TYPEHASH(),
            0x30b9a0367528fca13c3e8ec6134c3113f1887ebe7a1ad61de0955aac288b0cf5,
            "entry"
        );
        vm.assertEq(
            settlement.CLAIM_BATCH_TYPEHASH(),
            0x42bd57c010b870c2e96203c66341f28a6a19b4d56a74533a8eb5f706b9fd6d57,
            "batch"
        );
    }

    function test_withdrawDelayBounds() public view {
        vm.assertEq(settlement.MIN_WITHDRAW_DELAY(), 900, "15 minutes");
        vm.assertEq(settlement.MAX_WITHDRAW_DELAY(), 2_592_000, "30 days");
    }

    function test_eip712Domain_followsLiveAddress() public view {
        (bytes1 fields, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            _canonical.eip712Domain();
        vm.assertEq(uint256(uint8(fields)), 0x0f, "name, version, chainId, verifyingContract");
        vm.assertEq(name, "x402 Batch Settlement", "name");
        vm.assertEq(version, "1", "version");
        vm.assertEq(chainId, 31_337, "chain");
        vm.assertEq(verifyingContract, CANONICAL, "copied code reports its own address");
    }

    function test_channelId_goldenVector() public view {
        vm.assertEq(_canonical.getChannelId(_vectorConfig()), CHANNEL_ID, "EIP-712 channel id");
        vm.assertNotEq(
            CHANNEL_ID, keccak256(abi.encode(_vectorConfig())), "not the stale keccak(abi.encode(config)) form"
        );
    }

    function test_digests_goldenVectors() public view {
        vm.assertEq(_canonical.getVoucherDigest(CHANNEL_ID, 1_000), VOUCHER_DIGEST, "voucher");
        vm.assertEq(_canonical.getRefundDigest(CHANNEL_ID, 0, 500), REFUND_DIGEST, "refund");

        IBatchSettlement.VoucherClaim[] memory rows = new IBatchSettlement.VoucherClaim[](1);
        rows[0].voucher = IBatchSettlement.Voucher({channel: _vectorConfig(), maxClaimableAmount: 1_000});
        rows[0].totalClaimed = 700;
        vm.assertEq(_canonical.getClaimBatchDigest(rows), CLAIM_BATCH_DIGEST, "claim batch");
        vm.assertEq(
            _canonical.getClaimBatchDigest(new IBatchSettlement.VoucherClaim[](0)),
            EMPTY_CLAIM_BATCH_DIGEST,
            "empty batch defined"
        );
    }

    function test_claimBatchDigest_ignoresSignatures() public view {
        IBatchSettlement.VoucherClaim[] memory rows = new IBatchSettlement.VoucherClaim[](1);
        rows[0].voucher = IBatchSettlement.Voucher({channel: _vectorConfig(), maxClaimableAmount: 1_000});
        rows[0].totalClaimed = 700;
        rows[0].signature = hex"deadbeef";
        vm.assertEq(_canonical.getClaimBatchDigest(rows), CLAIM_BATCH_DIGEST, "signatures are not signed over");
    }

    function test_channelId_isBoundToChain() public {
        vm.chainId(8_453);
        vm.assertEq(_canonical.getChannelId(_vectorConfig()), CHANNEL_ID_ON_BASE, "other chain, other id");
        vm.assertNotEq(CHANNEL_ID_ON_BASE, CHANNEL_ID, "ids differ across chains");
    }

    function test_channelId_isBoundToContract() public view {
        vm.assertNotEq(settlement.getChannelId(_vectorConfig()), CHANNEL_ID, "other deployment, other id");
        vm.assertNotEq(settlement.getVoucherDigest(CHANNEL_ID, 1_000), VOUCHER_DIGEST, "other deployment, other digest");
    }

    function test_channelId_changesWithEveryField() public view {
        bytes32 base = settlement.getChannelId(_vectorConfig());
        for (uint256 field; field < 7; ++field) {
            IBatchSettlement.ChannelConfig memory config = _vectorConfig();
            if (field == 0) config.payer = address(1);
            if (field == 1) config.payerAuthorizer = address(1);
            if (field == 2) config.receiver = address(1);
            if (field == 3) config.receiverAuthorizer = address(1);
            if (field == 4) config.token = address(1);
            if (field == 5) config.withdrawDelay = 901;
            if (field == 6) config.salt = bytes32(uint256(1));
            vm.assertNotEq(settlement.getChannelId(config), base, "every field is bound");
        }
    }

    function test_multicall_claimAndSettle_keepsCaller() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, 1_000);
        bytes[] memory calls = new bytes[](2);
        calls[0] = abi.encodeCall(settlement.claim, (_rows(_row(config, 1_000, 400))));
        calls[1] = abi.encodeCall(settlement.settle, (receiver, address(token)));

        vm.prank(receiver);
        settlement.multicall(calls);
        vm.assertEq(token.balanceOf(receiver), 400, "claimed and settled in one transaction");

        vm.prank(stranger);
        vm.expectRevert(IBatchSettlement.NotAuthorizedToClaim.selector);
        settlement.multicall(calls);
    }

    function test_multicall_claimWithSignatureThenRefund_asTheFacilitatorDoes() public {
        IBatchSettlement.ChannelConfig memory config = _config();
        bytes32 id = _id(config);
        _deposit(config, 1_000);
        IBatchSettlement.VoucherClaim[] memory rows = _rows(_row(config, 1_000, 300));
        bytes[] memory calls = new bytes[](2);
        calls[0] = abi.encodeCall(settlement.claimWithSignature, (rows, _signClaimBatch(RECEIVER_AUTHORIZER_KEY, rows)));
        calls[1] = abi.encodeCall(
            settlement.refundWithSignature, (config, 700, 0, _signRefund(RECEIVER_AUTHORIZER_KEY, id, 0, 700))
        );

        vm.prank(relayer);
        settlement.multicall(calls);
        vm.assertEq(token.balanceOf(payer), 700, "unclaimed rest refunded");
        vm.assertEq(_claimed(id), 300, "claim recorded first");
    }

    function _vectorConfig() private pure returns (IBatchSettlement.ChannelConfig memory) {
        return IBatchSettlement.ChannelConfig({
            payer: VECTOR_PAYER,
            payerAuthorizer: VECTOR_PAYER,
            receiver: VECTOR_RECEIVER,
            receiverAuthorizer: VECTOR_RECEIVER_AUTHORIZER,
            token: VECTOR_TOKEN,
            withdrawDelay: 900,
            salt: bytes32(0)
        });
    }
}
