// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "forge-std/Vm.sol";

/// @title VmExtra
/// @notice forge cheatcodes that the pinned npm build of forge-std (1.1.2) does not declare. The cheatcodes are
///         forge's own (served at the usual cheatcode address); only their Solidity declarations live here.
interface VmExtra is Vm {
    function assertTrue(bool condition, string calldata error) external pure;
    function assertFalse(bool condition, string calldata error) external pure;
    function assertEq(bool left, bool right, string calldata error) external pure;
    function assertEq(uint256 left, uint256 right, string calldata error) external pure;
    function assertEq(address left, address right, string calldata error) external pure;
    function assertEq(bytes32 left, bytes32 right, string calldata error) external pure;
    function assertEq(string calldata left, string calldata right, string calldata error) external pure;
    function assertEq(bytes calldata left, bytes calldata right, string calldata error) external pure;
    function assertNotEq(bytes32 left, bytes32 right, string calldata error) external pure;
    function assertNotEq(address left, address right, string calldata error) external pure;
    function assertLe(uint256 left, uint256 right, string calldata error) external pure;
    function assertLt(uint256 left, uint256 right, string calldata error) external pure;
    function assertGe(uint256 left, uint256 right, string calldata error) external pure;

    function expectEmit() external;
    function expectEmit(address emitter) external;
    function expectRevert(bytes4 revertData, address reverter) external;
    function expectPartialRevert(bytes4 revertData) external;

    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);

    function snapshotGasLastCall(string calldata name) external returns (uint256 gasUsed);
    function snapshotValue(string calldata name, uint256 value) external;
    function lastCallGas() external view returns (Gas memory gas);

    function snapshotState() external returns (uint256 snapshotId);
    function revertToState(uint256 snapshotId) external returns (bool success);

    function setEnv(string calldata name, string calldata value) external;
    function readFile(string calldata path) external view returns (string memory data);
    function removeFile(string calldata path) external;
    function parseJsonAddress(string calldata json, string calldata key) external pure returns (address);
    function parseJsonUint(string calldata json, string calldata key) external pure returns (uint256);
    function parseJsonString(string calldata json, string calldata key) external pure returns (string memory);

    function getDeployedCode(string calldata artifactPath) external view returns (bytes memory runtimeBytecode);
    function computeCreateAddress(address deployer, uint256 nonce) external pure returns (address);

    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    struct Gas {
        uint64 gasLimit;
        uint64 gasTotalUsed;
        uint64 gasMemoryUsed;
        int64 gasRefunded;
        uint64 gasRemaining;
    }
}

/// @dev The fixed address forge serves cheatcodes from.
VmExtra constant VM = VmExtra(address(uint160(uint256(keccak256("hevm cheat code")))));
