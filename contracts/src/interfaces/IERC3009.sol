// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IERC3009
/// @notice The part of EIP-3009 (transfer with authorization) that deposit collectors use: the bytes-signature
///         `receiveWithAuthorization` overload (USDC v2.2 and later), which also accepts ERC-1271 wallet signatures.
interface IERC3009 {
    /// @notice Transfers `value` from `from` to `to`, authorized by `from`'s signature over a
    ///         ReceiveWithAuthorization message. The caller must be `to`, which stops front-running by third parties.
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) external;
}
