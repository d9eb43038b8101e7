// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {BatchSettlement} from "../../src/BatchSettlement.sol";
import {ERC3009DepositCollector} from "../../src/collectors/ERC3009DepositCollector.sol";
import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {SettlementFixture} from "../utils/SettlementFixture.sol";

/// @notice Property tests over amounts, configs and signatures (runs: foundry.toml [fuzz]).
contract BatchSettlementFuzzTest is SettlementFixture {
    uint256 private constant ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    // ---------------------------------------------------------------- hashing

    /// @dev Differential check of the calldata hashing against the plain abi.encode definition of EIP-712.
    function testFuzz_channelId_equalsEip712Definition(IBatchSettlement.ChannelConfig memory config, uint64 chainId)
        public
    {
        vm.chainId(_bound(chainId, 1, type(uint64).max));
        bytes32 domain = keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256("x402 Batch Settlement"), keccak256("1"), block.chainid, address(settlement)
            )
        );
        bytes32 structHash = keccak256(abi.encode(settlement.CHANNEL_CONFIG_TYPEHASH(), config));
        vm.assertEq(
            settlement.getChannelId(config),
            keccak256(abi.encodePacked(hex"1901", domain, structHash)),
            "channelId is the EIP-712 hash of the config"
        );
    }

    function testFuzz_digests_equalEip712Definition(bytes32 channelId, uint128 max, uint256 nonce, uint128 total)
        public
        view
    {
        bytes32 domain = keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256("x402 Batch Settlement"), keccak256("1"), block.chainid, address(settlement)
            )
        );
        bytes32 voucher = keccak256(abi.encode(settlement.VOUCHER_TYPEHASH(), channelId, max));
        bytes32 refund = keccak256(abi.encode(settlement.REFUND_TYPEHASH(), channelId, nonce, max));
        vm.assertEq(settlement.getVoucherDigest(channelId, max), _typed(domain, voucher), "voucher digest");
        vm.assertEq(settlement.getRefundDigest(channelId, nonce, max), _typed(domain, refund), "refund digest");

        IBatchSettlement.VoucherClaim[] memory rows = new IBatchSettlement.VoucherClaim[](1);
        rows[0].voucher.channel = _config(channelId);
        rows[0].voucher.maxClaimableAmount = max;
        rows[0].totalClaimed = total;
        bytes32 entry = keccak256(
            abi.encode(settlement.CLAIM_ENTRY_TYPEHASH(), settlement.getChannelId(_config(channelId)), max, total)
        );
        bytes32 batch = keccak256(abi.encode(settlement.CLAIM_BATCH_TYPEHASH(), keccak256(abi.encodePacked(entry))));
        vm.assertEq(settlement.getClaimBatchDigest(rows), _typed(domain, batch), "claim batch digest");
    }

    function testFuzz_dirtyAddressBits_areRejected(uint96 dirt, uint8 field) public {
        vm.assume(dirt != 0);
        bytes memory data = abi.encodeCall(settlement.getChannelId, (_config()));
        uint256 offset = 4 + 32 * _bound(field, 0, 4);
        assembly ("memory-safe") {
            let word := add(add(data, 0x20), offset)
            mstore(word, or(mload(word), shl(160, dirt)))
        }
        (bool ok,) = address(settlement).staticcall(data);
        vm.assertFalse(ok, "non-canonical address encoding refused");
    }

    // ---------------------------------------------------------------- amounts

    function testFuzz_claim_recordsExactlyTheDelta(uint128 deposit, uint128 first, uint128 second) public {
        deposit = uint128(_bound(deposit, 1, type(uint128).max));
        first = uint128(_bound(first, 1, deposit));
        second = uint128(_bound(second, 0, deposit));
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, deposit);

        _claimAsReceiver(_rows(_row(config, deposit, first)));
        _claimAsReceiver(_rows(_row(config, deposit, second)));

        uint128 expected = second > first ? second : first;
        vm.assertEq(_claimed(_id(config)), expected, "cumulative maximum");
        (uint128 receiverClaimed,) = settlement.receivers(receiver, address(token));
        vm.assertEq(receiverClaimed, expected, "receiver credited the total once");
        vm.assertEq(_balance(_id(config)), deposit, "claims leave the balance alone");
    }

    function testFuzz_claim_neverExceedsCeiling(uint128 deposit, uint128 ceiling, uint128 total) public {
        deposit = uint128(_bound(deposit, 2, type(uint128).max));
        ceiling = uint128(_bound(ceiling, 1, deposit - 1));
        total = uint128(_bound(total, uint256(ceiling) + 1, deposit));
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, deposit);
        IBatchSettlement.VoucherClaim[] memory rows = _rows(_row(config, ceiling, total));

        vm.prank(receiver);
        vm.expectRevert(IBatchSettlement.ClaimExceedsCeiling.selector);
        settlement.claim(rows);
    }

    function testFuzz_claim_neverExceedsBalance(uint128 deposit, uint128 total) public {
        deposit = uint128(_bound(deposit, 1, type(uint128).max - 1));
        total = uint128(_bound(total, uint256(deposit) + 1, type(uint128).max));
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, deposit);
        IBatchSettlement.VoucherClaim[] memory rows = _rows(_row(config, type(uint128).max, total));

        vm.prank(receiver);
        vm.expectRevert(IBatchSettlement.ClaimExceedsBalance.selector);
        settlement.claim(rows);
    }

    function testFuzz_refund_isCappedAtUnclaimed(uint128 deposit, uint128 claimed, uint128 requested) public {
        deposit = uint128(_bound(deposit, 1, type(uint128).max));
        claimed = uint128(_bound(claimed, 0, deposit));
        requested = uint128(_bound(requested, 1, type(uint128).max));
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, deposit);
        if (claimed != 0) _claimAsReceiver(_rows(_row(config, claimed, claimed)));

        vm.prank(receiverAuthorizer);
        settlement.refund(config, requested);

        uint256 available = deposit - claimed;
        uint256 refunded = requested < available ? requested : available;
        vm.assertEq(token.balanceOf(payer), refunded, "payer gets min(requested, unclaimed)");
        vm.assertEq(_balance(_id(config)), deposit - refunded, "balance reduced by the refund");
        vm.assertEq(settlement.refundNonce(_id(config)), 1, "nonce advanced once");
    }

    function testFuzz_withdraw_paysAtMostUnclaimed(uint128 deposit, uint128 requested, uint128 claimedLater) public {
        deposit = uint128(_bound(deposit, 1, type(uint128).max));
        requested = uint128(_bound(requested, 1, deposit));
        claimedLater = uint128(_bound(claimedLater, 0, deposit));
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, deposit);
        vm.prank(payer);
        settlement.initiateWithdraw(config, requested);
        if (claimedLater != 0) _claimAsReceiver(_rows(_row(config, claimedLater, claimedLater)));

        vm.warp(block.timestamp + DELAY);
        vm.prank(payerAuthorizer);
        settlement.finalizeWithdraw(config);

        uint256 available = deposit - claimedLater;
        uint256 paid = requested < available ? requested : available;
        vm.assertEq(token.balanceOf(payer), paid, "payer gets min(requested, unclaimed at finalize)");
        settlement.settle(receiver, address(token));
        vm.assertEq(token.balanceOf(receiver), claimedLater, "receiver keeps every claim");
        vm.assertEq(token.balanceOf(address(settlement)), deposit - paid - claimedLater, "escrow conserved");
    }

    // ---------------------------------------------------------------- configs

    function testFuzz_deposit_withdrawDelayRange(uint40 delay) public {
        IBatchSettlement.ChannelConfig memory config = _config();
        config.withdrawDelay = delay;
        token.mint(payer, 1);
        bytes memory data = _erc3009Data(PAYER_KEY, payer, 1, _id(config), 1);
        bool inRange = delay >= 900 && delay <= 2_592_000;
        if (!inRange) vm.expectRevert(IBatchSettlement.WithdrawDelayOutOfRange.selector);
        settlement.deposit(config, 1, address(erc3009Collector), data);
        vm.assertEq(_balance(_id(config)), inRange ? 1 : 0, "only in-range delays open channels");
    }

    function testFuzz_anyValidConfig_opensAndClaims(
        address receiver_,
        address receiverAuthorizer_,
        uint40 delay,
        bytes32 salt,
        uint256 authorizerKey,
        uint128 amount
    ) public {
        vm.assume(receiver_ != address(0) && receiverAuthorizer_ != address(0));
        authorizerKey = _bound(authorizerKey, 1, ORDER - 1);
        amount = uint128(_bound(amount, 1, type(uint128).max));
        IBatchSettlement.ChannelConfig memory config = IBatchSettlement.ChannelConfig({
            payer: payer,
            payerAuthorizer: vm.addr(authorizerKey),
            receiver: receiver_,
            receiverAuthorizer: receiverAuthorizer_,
            token: address(token),
            withdrawDelay: uint40(_bound(delay, 900, 2_592_000)),
            salt: salt
        });
        _deposit(config, amount);
        IBatchSettlement.VoucherClaim[] memory rows = _rows(_row(config, amount, amount, authorizerKey));
        vm.prank(receiverAuthorizer_);
        settlement.claim(rows);
        vm.assertEq(_claimed(_id(config)), amount, "claimed in full");
    }

    // ---------------------------------------------------------------- signatures

    function testFuzz_highS_refused(uint256 signerKey, uint128 max) public {
        signerKey = _bound(signerKey, 1, ORDER - 1);
        max = uint128(_bound(max, 1, 1_000));
        IBatchSettlement.ChannelConfig memory config = _config();
        config.payerAuthorizer = vm.addr(signerKey);
        _deposit(config, 1_000);
        IBatchSettlement.VoucherClaim memory row = _row(config, max, max, signerKey);
        (bytes32 r, bytes32 s, uint8 v) = _split(row.signature);
        bytes32 highS = bytes32(ORDER - uint256(s));
        vm.assertTrue(uint256(highS) > HALF_ORDER, "twin is high-s");
        row.signature = abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27));
        IBatchSettlement.VoucherClaim[] memory rows = _rows(row);

        vm.prank(receiver);
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureS.selector, highS));
        settlement.claim(rows);
    }

    function testFuzz_wrongV_refused(uint8 v, uint128 max) public {
        max = uint128(_bound(max, 1, 1_000));
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, 1_000);
        IBatchSettlement.VoucherClaim memory row = _row(config, max, max);
        (bytes32 r, bytes32 s, uint8 goodV) = _split(row.signature);
        vm.assume(v != goodV);
        row.signature = abi.encodePacked(r, s, v);
        IBatchSettlement.VoucherClaim[] memory rows = _rows(row);

        vm.prank(receiver);
        // The other parity recovers some other key; any other v recovers nothing.
        if (v == 27 || v == 28) vm.expectRevert(IBatchSettlement.InvalidSignature.selector);
        else vm.expectRevert(ECDSA.ECDSAInvalidSignature.selector);
        settlement.claim(rows);
    }

    function testFuzz_randomSignature_refused(bytes memory signature, uint128 max) public {
        max = uint128(_bound(max, 1, 1_000));
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, 1_000);
        IBatchSettlement.VoucherClaim memory row = _row(config, max, max);
        vm.assume(keccak256(signature) != keccak256(row.signature));
        row.signature = signature;
        IBatchSettlement.VoucherClaim[] memory rows = _rows(row);

        vm.prank(receiver);
        (bool ok,) = address(settlement).call(abi.encodeCall(settlement.claim, (rows)));
        vm.assertFalse(ok, "forged voucher refused");
        vm.assertEq(_claimed(_id(config)), 0, "nothing claimed");
    }

    function testFuzz_voucher_boundToChannel(bytes32 saltA, bytes32 saltB, uint128 max) public {
        vm.assume(saltA != saltB);
        max = uint128(_bound(max, 1, 1_000));
        IBatchSettlement.ChannelConfig memory a = _config(saltA);
        IBatchSettlement.ChannelConfig memory b = _config(saltB);
        _deposit(a, 1_000);
        _deposit(b, 1_000);
        IBatchSettlement.VoucherClaim memory row = _row(a, max, max);
        row.voucher.channel = b;
        _expectInvalidSignature(settlement, row);
    }

    function testFuzz_voucher_boundToChain(uint64 otherChain, uint128 max) public {
        vm.assume(otherChain != block.chainid && otherChain != 0);
        max = uint128(_bound(max, 1, 1_000));
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, 1_000);
        IBatchSettlement.VoucherClaim memory row = _row(config, max, max);

        vm.chainId(otherChain);
        _deposit(config, 1_000); // the same config is another, funded channel on the other chain
        _expectInvalidSignature(settlement, row);
    }

    function testFuzz_voucher_boundToContract(uint128 max) public {
        max = uint128(_bound(max, 1, 1_000));
        IBatchSettlement.ChannelConfig memory config = _config();
        _deposit(config, 1_000);
        IBatchSettlement.VoucherClaim memory row = _row(config, max, max);

        BatchSettlement other = new BatchSettlement();
        settlement = other;
        erc3009Collector = new ERC3009DepositCollector(address(other));
        _deposit(config, 1_000);
        _expectInvalidSignature(other, row);
    }

    // ---------------------------------------------------------------- helpers

    function _expectInvalidSignature(BatchSettlement target, IBatchSettlement.VoucherClaim memory row) private {
        IBatchSettlement.VoucherClaim[] memory rows = _rows(row);
        vm.prank(receiver);
        vm.expectRevert(IBatchSettlement.InvalidSignature.selector);
        target.claim(rows);
    }

    function _typed(bytes32 domain, bytes32 structHash) private pure returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", domain, structHash));
    }

    function _split(bytes memory signature) private pure returns (bytes32 r, bytes32 s, uint8 v) {
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
    }
}
