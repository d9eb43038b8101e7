// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IBatchSettlement} from "../interfaces/IBatchSettlement.sol";

/// @title ChannelHashing
/// @notice EIP-712 struct hashes of the batch-settlement types. They run once or twice per claim row, so they hash
///         straight from calldata in the scratch memory above the free-memory pointer instead of allocating with
///         abi.encode on every row; the results are identical to keccak256(abi.encode(TYPEHASH, fields...)).
library ChannelHashing {
    bytes32 internal constant CHANNEL_CONFIG_TYPEHASH = keccak256(
        "ChannelConfig(address payer,address payerAuthorizer,address receiver,address receiverAuthorizer,address token,uint40 withdrawDelay,bytes32 salt)"
    );
    bytes32 internal constant VOUCHER_TYPEHASH = keccak256("Voucher(bytes32 channelId,uint128 maxClaimableAmount)");
    bytes32 internal constant REFUND_TYPEHASH = keccak256("Refund(bytes32 channelId,uint256 nonce,uint128 amount)");
    bytes32 internal constant CLAIM_ENTRY_TYPEHASH =
        keccak256("ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)");
    bytes32 internal constant CLAIM_BATCH_TYPEHASH = keccak256(
        "ClaimBatch(ClaimEntry[] claims)ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)"
    );

    /// @dev hashStruct(ChannelConfig). The seven fields are static, so their calldata words are exactly their ABI
    ///      encoding; words with bits the ABI decoder would refuse (above 160 bits for an address, above 40 for the
    ///      delay) are refused here too, with the decoder's empty revert, so a config has a single id.
    function hashConfig(IBatchSettlement.ChannelConfig calldata config) internal pure returns (bytes32 result) {
        bytes32 typeHash = CHANNEL_CONFIG_TYPEHASH;
        assembly ("memory-safe") {
            let dirty := 0
            for { let i := 0 } lt(i, 0xa0) { i := add(i, 0x20) } {
                dirty := or(dirty, shr(160, calldataload(add(config, i))))
            }
            dirty := or(dirty, shr(40, calldataload(add(config, 0xa0))))
            if dirty { revert(0, 0) }

            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), config, 0xe0)
            result := keccak256(ptr, 0x100)
        }
    }

    /// @dev hashStruct(Voucher{channelId, maxClaimableAmount}).
    function hashVoucher(bytes32 channelId, uint128 maxClaimableAmount) internal pure returns (bytes32 result) {
        bytes32 typeHash = VOUCHER_TYPEHASH;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            mstore(add(ptr, 0x20), channelId)
            mstore(add(ptr, 0x40), maxClaimableAmount)
            result := keccak256(ptr, 0x60)
        }
    }

    /// @dev hashStruct(ClaimEntry{channelId, maxClaimableAmount, totalClaimed}).
    function hashClaimEntry(bytes32 channelId, uint128 maxClaimableAmount, uint128 totalClaimed)
        internal
        pure
        returns (bytes32 result)
    {
        bytes32 typeHash = CLAIM_ENTRY_TYPEHASH;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            mstore(add(ptr, 0x20), channelId)
            mstore(add(ptr, 0x40), maxClaimableAmount)
            mstore(add(ptr, 0x60), totalClaimed)
            result := keccak256(ptr, 0x80)
        }
    }

    /// @dev hashStruct(ClaimBatch{claims}) from the entries' struct hashes (EIP-712 array encoding: keccak256 of
    ///      their concatenation).
    function hashClaimBatch(bytes32[] memory entryHashes) internal pure returns (bytes32) {
        return keccak256(abi.encode(CLAIM_BATCH_TYPEHASH, keccak256(abi.encodePacked(entryHashes))));
    }

    /// @dev hashStruct(Refund{channelId, nonce, amount}).
    function hashRefund(bytes32 channelId, uint256 nonce, uint128 amount) internal pure returns (bytes32) {
        return keccak256(abi.encode(REFUND_TYPEHASH, channelId, nonce, amount));
    }
}
