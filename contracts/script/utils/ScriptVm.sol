// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ScriptVm
/// @notice Declarations of the forge cheatcodes our scripts use. The npm build of forge-std we pin (1.1.2) predates
///         them; the cheatcodes themselves are built into forge, so only the Solidity declarations live here.
interface ScriptVm {
    function envOr(string calldata name, string calldata defaultValue) external view returns (string memory);
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256);
    function startBroadcast() external;
    function startBroadcast(uint256 privateKey) external;
    function stopBroadcast() external;
    function serializeUint(string calldata objectKey, string calldata valueKey, uint256 value)
        external
        returns (string memory json);
    function serializeAddress(string calldata objectKey, string calldata valueKey, address value)
        external
        returns (string memory json);
    function serializeString(string calldata objectKey, string calldata valueKey, string calldata value)
        external
        returns (string memory json);
    function writeJson(string calldata json, string calldata path) external;
}

/// @dev The fixed address forge serves cheatcodes from.
ScriptVm constant SCRIPT_VM = ScriptVm(address(uint160(uint256(keccak256("hevm cheat code")))));
