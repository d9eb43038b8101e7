// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TestUsdc} from "../../src/token/TestUsdc.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {MockERC1271Wallet} from "../utils/mocks/MockERC1271Wallet.sol";

contract TestUsdcTest is BaseTest {
    uint256 private constant OWNER_KEY = 0xA11CE;
    uint256 private constant OTHER_KEY = 0xBAD;
    uint256 private constant ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    address private constant VECTOR_TOKEN = 0x5FbDB2315678afecb367f032d93F642f64180aa3;
    address private constant VECTOR_PAYER = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266;
    address private constant VECTOR_COLLECTOR = 0x4020806089470a89826cB9fB1f4059150b550004;

    bytes32 private constant NONCE = keccak256("nonce");
    bytes32 private constant NONCE_1 = keccak256("nonce 1");
    bytes32 private constant NONCE_2 = keccak256("nonce 2");

    TestUsdc private _token;
    address private _owner;
    address private _to = address(0x70);

    function setUp() public {
        vm.warp(1_700_000_000);
        _token = new TestUsdc("USD Coin", "2");
        _owner = vm.addr(OWNER_KEY);
        _token.mint(_owner, 1_000);
    }

    function test_metadata() public view {
        vm.assertEq(_token.decimals(), 6, "USDC decimals");
        vm.assertEq(_token.name(), "USD Coin", "name from deployment");
        vm.assertEq(_token.version(), "2", "version from deployment");
        (, string memory name, string memory version,,,,) = _token.eip712Domain();
        vm.assertEq(name, "USD Coin", "domain name");
        vm.assertEq(version, "2", "domain version");
    }

    function test_mint_isOpenToAnyone() public {
        vm.prank(address(0xdead));
        _token.mint(address(0xbeef), 5);
        vm.assertEq(_token.balanceOf(address(0xbeef)), 5, "anyone mints");
    }

    function test_domainSeparator_castVector() public {
        // test/vectors/eip712-vectors.sh: "token domainSeparator" and "receiveWithAuth digest".
        vm.chainId(31_337);
        vm.etch(VECTOR_TOKEN, address(_token).code);
        TestUsdc placed = TestUsdc(VECTOR_TOKEN);
        vm.assertEq(
            placed.DOMAIN_SEPARATOR(), 0xfc557a58e1177dd0b729c40130003009d1ffed5a502b494889e2711c7726dd52, "domain"
        );
        bytes32 structHash = keccak256(
            abi.encode(
                placed.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(),
                VECTOR_PAYER,
                VECTOR_COLLECTOR,
                uint256(1_000),
                uint256(0),
                uint256(2_000_000_000),
                bytes32(0xc411b8a3d60a2104645ed1804d546b93e11f69b73bfbfbf4653d8f2ec464e622)
            )
        );
        vm.assertEq(
            keccak256(abi.encodePacked(hex"1901", placed.DOMAIN_SEPARATOR(), structHash)),
            0x39a0c2739c9df9ee476b0988b0ed9bb10a1099b196c8faeed73f3fe8521c535f,
            "ReceiveWithAuthorization digest"
        );
    }

    // ---------------------------------------------------------------- EIP-2612

    function test_permit_setsAllowance_andBumpsNonce() public {
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(OWNER_KEY, _to, 500, 0, block.timestamp);
        _token.permit(_owner, _to, 500, block.timestamp, v, r, s);
        vm.assertEq(_token.allowance(_owner, _to), 500, "allowance");
        vm.assertEq(_token.nonces(_owner), 1, "nonce");
    }

    function test_revert_permit_replay() public {
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(OWNER_KEY, _to, 500, 0, block.timestamp);
        _token.permit(_owner, _to, 500, block.timestamp, v, r, s);
        vm.expectRevert(TestUsdc.InvalidSignature.selector);
        _token.permit(_owner, _to, 500, block.timestamp, v, r, s);
    }

    function test_revert_permit_expired() public {
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(OWNER_KEY, _to, 500, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(TestUsdc.PermitExpired.selector, deadline));
        _token.permit(_owner, _to, 500, deadline, v, r, s);
    }

    function test_revert_permit_wrongSigner() public {
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(OTHER_KEY, _to, 500, 0, block.timestamp);
        vm.expectRevert(TestUsdc.InvalidSignature.selector);
        _token.permit(_owner, _to, 500, block.timestamp, v, r, s);
        vm.assertEq(_token.allowance(_owner, _to), 0, "no allowance");
    }

    // ---------------------------------------------------------------- EIP-3009

    function test_transferWithAuthorization_bytesAndVrsOverloads() public {
        bytes memory signature = _signAuthorization(
            OWNER_KEY, _token.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), _owner, _to, 100, 0, block.timestamp + 60, NONCE_1
        );
        vm.expectEmit(address(_token));
        emit TestUsdc.AuthorizationUsed(_owner, NONCE_1);
        vm.prank(address(0xCAFE));
        _token.transferWithAuthorization(_owner, _to, 100, 0, block.timestamp + 60, NONCE_1, signature);

        (bytes32 r, bytes32 s, uint8 v) = _split(
            _signAuthorization(
                OWNER_KEY,
                _token.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(),
                _owner,
                _to,
                50,
                0,
                block.timestamp + 60,
                NONCE_2
            )
        );
        _token.transferWithAuthorization(_owner, _to, 50, 0, block.timestamp + 60, NONCE_2, v, r, s);

        vm.assertEq(_token.balanceOf(_to), 150, "both transfers executed");
        vm.assertTrue(_token.authorizationState(_owner, NONCE_1), "n1 used");
        vm.assertTrue(_token.authorizationState(_owner, NONCE_2), "n2 used");
    }

    function test_revert_transferWithAuthorization_replay() public {
        bytes memory signature = _signAuthorization(
            OWNER_KEY, _token.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), _owner, _to, 100, 0, block.timestamp + 60, NONCE
        );
        _token.transferWithAuthorization(_owner, _to, 100, 0, block.timestamp + 60, NONCE, signature);
        vm.expectRevert(abi.encodeWithSelector(TestUsdc.AuthorizationAlreadyUsed.selector, _owner, NONCE));
        _token.transferWithAuthorization(_owner, _to, 100, 0, block.timestamp + 60, NONCE, signature);
    }

    function test_revert_authorization_timeWindowIsExclusive() public {
        bytes32 typeHash = _token.TRANSFER_WITH_AUTHORIZATION_TYPEHASH();
        uint256 nowTs = block.timestamp;
        bytes memory early = _signAuthorization(OWNER_KEY, typeHash, _owner, _to, 1, nowTs, nowTs + 60, NONCE);
        vm.expectRevert(abi.encodeWithSelector(TestUsdc.AuthorizationNotYetValid.selector, nowTs));
        _token.transferWithAuthorization(_owner, _to, 1, nowTs, nowTs + 60, NONCE, early);

        bytes memory late = _signAuthorization(OWNER_KEY, typeHash, _owner, _to, 1, 0, nowTs, NONCE);
        vm.expectRevert(abi.encodeWithSelector(TestUsdc.AuthorizationExpired.selector, nowTs));
        _token.transferWithAuthorization(_owner, _to, 1, 0, nowTs, NONCE, late);
    }

    function test_revert_transferSignature_cannotBeUsedAsReceive() public {
        bytes memory signature = _signAuthorization(
            OWNER_KEY, _token.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), _owner, _to, 100, 0, block.timestamp + 60, NONCE
        );
        vm.prank(_to);
        vm.expectRevert(TestUsdc.InvalidSignature.selector);
        _token.receiveWithAuthorization(_owner, _to, 100, 0, block.timestamp + 60, NONCE, signature);
    }

    function test_receiveWithAuthorization_onlyByPayee() public {
        bytes memory signature = _signAuthorization(
            OWNER_KEY, _token.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(), _owner, _to, 100, 0, block.timestamp + 60, NONCE
        );
        vm.prank(address(0xCAFE));
        vm.expectRevert(abi.encodeWithSelector(TestUsdc.CallerMustBePayee.selector, address(0xCAFE), _to));
        _token.receiveWithAuthorization(_owner, _to, 100, 0, block.timestamp + 60, NONCE, signature);

        (bytes32 r, bytes32 s, uint8 v) = _split(signature);
        vm.prank(_to);
        _token.receiveWithAuthorization(_owner, _to, 100, 0, block.timestamp + 60, NONCE, v, r, s);
        vm.assertEq(_token.balanceOf(_to), 100, "payee pulled");
    }

    function test_revert_highS_authorization() public {
        bytes memory signature = _signAuthorization(
            OWNER_KEY, _token.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), _owner, _to, 100, 0, block.timestamp + 60, NONCE
        );
        (bytes32 r, bytes32 s, uint8 v) = _split(signature);
        bytes memory twin = abi.encodePacked(r, bytes32(ORDER - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(TestUsdc.InvalidSignature.selector);
        _token.transferWithAuthorization(_owner, _to, 100, 0, block.timestamp + 60, NONCE, twin);
    }

    function test_erc1271Wallet_canAuthorize() public {
        MockERC1271Wallet wallet = new MockERC1271Wallet(_owner);
        _token.mint(address(wallet), 100);
        bytes memory signature = _signAuthorization(
            OWNER_KEY,
            _token.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(),
            address(wallet),
            _to,
            100,
            0,
            block.timestamp + 60,
            NONCE
        );
        _token.transferWithAuthorization(address(wallet), _to, 100, 0, block.timestamp + 60, NONCE, signature);
        vm.assertEq(_token.balanceOf(_to), 100, "wallet-approved transfer");
    }

    function test_cancelAuthorization_blocksLaterUse() public {
        bytes memory transfer = _signAuthorization(
            OWNER_KEY, _token.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), _owner, _to, 100, 0, block.timestamp + 60, NONCE
        );
        bytes memory cancel =
            _sign(OWNER_KEY, keccak256(abi.encode(_token.CANCEL_AUTHORIZATION_TYPEHASH(), _owner, NONCE)));
        vm.expectEmit(address(_token));
        emit TestUsdc.AuthorizationCanceled(_owner, NONCE);
        _token.cancelAuthorization(_owner, NONCE, cancel);

        vm.expectRevert(abi.encodeWithSelector(TestUsdc.AuthorizationAlreadyUsed.selector, _owner, NONCE));
        _token.transferWithAuthorization(_owner, _to, 100, 0, block.timestamp + 60, NONCE, transfer);
        vm.assertEq(_token.balanceOf(_to), 0, "nothing moved");
    }

    function test_revert_cancelAuthorization_byOtherKey_vrs() public {
        (bytes32 r, bytes32 s, uint8 v) =
            _split(_sign(OTHER_KEY, keccak256(abi.encode(_token.CANCEL_AUTHORIZATION_TYPEHASH(), _owner, NONCE))));
        vm.expectRevert(TestUsdc.InvalidSignature.selector);
        _token.cancelAuthorization(_owner, NONCE, v, r, s);
        vm.assertFalse(_token.authorizationState(_owner, NONCE), "still usable");
    }

    // ---------------------------------------------------------------- helpers

    function _signPermit(uint256 key, address spender, uint256 value, uint256 nonce, uint256 deadline)
        private
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        // Always a permit of `_owner`'s tokens; signing it with another key must not work.
        bytes32 structHash = keccak256(abi.encode(_token.PERMIT_TYPEHASH(), _owner, spender, value, nonce, deadline));
        return vm.sign(key, _digest(structHash));
    }

    function _signAuthorization(
        uint256 key,
        bytes32 typeHash,
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce
    ) private returns (bytes memory) {
        return _sign(key, keccak256(abi.encode(typeHash, from, to, value, validAfter, validBefore, nonce)));
    }

    function _sign(uint256 key, bytes32 structHash) private returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _digest(structHash));
        return abi.encodePacked(r, s, v);
    }

    function _digest(bytes32 structHash) private view returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", _token.DOMAIN_SEPARATOR(), structHash));
    }

    function _split(bytes memory signature) private pure returns (bytes32 r, bytes32 s, uint8 v) {
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
    }
}
