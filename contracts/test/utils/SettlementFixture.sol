// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchSettlement} from "../../src/BatchSettlement.sol";
import {ERC20DepositCollector} from "../../src/collectors/ERC20DepositCollector.sol";
import {ERC3009DepositCollector} from "../../src/collectors/ERC3009DepositCollector.sol";
import {IBatchSettlement} from "../../src/interfaces/IBatchSettlement.sol";
import {TestUsdc} from "../../src/token/TestUsdc.sol";
import {BaseTest} from "./BaseTest.sol";

/// @title SettlementFixture
/// @notice A deployed settlement contract, token and collectors, named keys for every role, and helpers that sign
///         exactly what the x402 client, server and facilitator sign.
abstract contract SettlementFixture is BaseTest {
    uint256 internal constant PAYER_KEY = 0xA11CE;
    uint256 internal constant PAYER_AUTHORIZER_KEY = 0xB0B;
    uint256 internal constant RECEIVER_AUTHORIZER_KEY = 0xC0FFEE;
    uint256 internal constant STRANGER_KEY = 0xBAD;
    uint40 internal constant DELAY = 900;
    uint40 internal constant START_TIME = 1_700_000_000;

    address internal payer;
    address internal payerAuthorizer;
    address internal receiverAuthorizer;
    address internal stranger;
    address internal receiver = address(0x5EC7);
    address internal relayer = address(0xFAC1);

    TestUsdc internal token;
    BatchSettlement internal settlement;
    ERC3009DepositCollector internal erc3009Collector;
    ERC20DepositCollector internal erc20Collector;

    uint256 private _authorizationSalt;

    function setUp() public virtual {
        vm.warp(START_TIME);
        payer = vm.addr(PAYER_KEY);
        payerAuthorizer = vm.addr(PAYER_AUTHORIZER_KEY);
        receiverAuthorizer = vm.addr(RECEIVER_AUTHORIZER_KEY);
        stranger = vm.addr(STRANGER_KEY);

        token = new TestUsdc("USD Coin", "2");
        settlement = new BatchSettlement();
        erc3009Collector = new ERC3009DepositCollector(address(settlement));
        erc20Collector = new ERC20DepositCollector(address(settlement));
    }

    // ---------------------------------------------------------------- configs

    function _config() internal view returns (IBatchSettlement.ChannelConfig memory) {
        return _config(bytes32(0));
    }

    function _config(bytes32 salt) internal view returns (IBatchSettlement.ChannelConfig memory) {
        return IBatchSettlement.ChannelConfig({
            payer: payer,
            payerAuthorizer: payerAuthorizer,
            receiver: receiver,
            receiverAuthorizer: receiverAuthorizer,
            token: address(token),
            withdrawDelay: DELAY,
            salt: salt
        });
    }

    function _id(IBatchSettlement.ChannelConfig memory config) internal view returns (bytes32) {
        return settlement.getChannelId(config);
    }

    // ---------------------------------------------------------------- deposits

    /// @dev Mints to the config's payer (whose key must be `payerKey`) and deposits through the ERC-3009 collector.
    function _deposit(IBatchSettlement.ChannelConfig memory config, uint128 amount) internal {
        _deposit(config, amount, PAYER_KEY);
    }

    function _deposit(IBatchSettlement.ChannelConfig memory config, uint128 amount, uint256 payerKey) internal {
        token.mint(config.payer, amount);
        bytes memory data = _erc3009Data(payerKey, config.payer, amount, _id(config), ++_authorizationSalt);
        vm.prank(relayer);
        settlement.deposit(config, amount, address(erc3009Collector), data);
    }

    /// @dev collectorData for the ERC-3009 collector: what the x402 client signs for a deposit.
    function _erc3009Data(uint256 payerKey, address from, uint256 amount, bytes32 channelId, uint256 salt)
        internal
        returns (bytes memory)
    {
        uint256 validBefore = block.timestamp + 1 hours;
        bytes32 nonce = keccak256(abi.encode(channelId, salt));
        bytes32 structHash = keccak256(
            abi.encode(
                token.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(),
                from,
                address(erc3009Collector),
                amount,
                uint256(0),
                validBefore,
                nonce
            )
        );
        bytes memory signature = _sign(payerKey, _tokenDigest(structHash));
        return abi.encode(uint256(0), validBefore, salt, signature);
    }

    function _tokenDigest(bytes32 structHash) internal view returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", token.DOMAIN_SEPARATOR(), structHash));
    }

    // ---------------------------------------------------------------- vouchers and claims

    function _sign(uint256 key, bytes32 digest) internal returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _signVoucher(uint256 key, bytes32 channelId, uint128 maxClaimable) internal returns (bytes memory) {
        return _sign(key, settlement.getVoucherDigest(channelId, maxClaimable));
    }

    /// @dev A row signed by the payer authorizer, as the x402 server claims it: ceiling = signed, total = charged.
    function _row(IBatchSettlement.ChannelConfig memory config, uint128 maxClaimable, uint128 totalClaimed)
        internal
        returns (IBatchSettlement.VoucherClaim memory)
    {
        return _row(config, maxClaimable, totalClaimed, PAYER_AUTHORIZER_KEY);
    }

    function _row(
        IBatchSettlement.ChannelConfig memory config,
        uint128 maxClaimable,
        uint128 totalClaimed,
        uint256 signerKey
    ) internal returns (IBatchSettlement.VoucherClaim memory) {
        return IBatchSettlement.VoucherClaim({
            voucher: IBatchSettlement.Voucher({channel: config, maxClaimableAmount: maxClaimable}),
            signature: _signVoucher(signerKey, _id(config), maxClaimable),
            totalClaimed: totalClaimed
        });
    }

    function _rows(IBatchSettlement.VoucherClaim memory row)
        internal
        pure
        returns (IBatchSettlement.VoucherClaim[] memory rows)
    {
        rows = new IBatchSettlement.VoucherClaim[](1);
        rows[0] = row;
    }

    function _claimAsReceiver(IBatchSettlement.VoucherClaim[] memory rows) internal {
        vm.prank(receiver);
        settlement.claim(rows);
    }

    function _signClaimBatch(uint256 key, IBatchSettlement.VoucherClaim[] memory rows) internal returns (bytes memory) {
        return _sign(key, settlement.getClaimBatchDigest(rows));
    }

    function _signRefund(uint256 key, bytes32 channelId, uint256 nonce, uint128 amount)
        internal
        returns (bytes memory)
    {
        return _sign(key, settlement.getRefundDigest(channelId, nonce, amount));
    }

    // ---------------------------------------------------------------- state

    function _balance(bytes32 channelId) internal view returns (uint128 balance) {
        (balance,) = settlement.channels(channelId);
    }

    function _claimed(bytes32 channelId) internal view returns (uint128 totalClaimed) {
        (, totalClaimed) = settlement.channels(channelId);
    }
}
