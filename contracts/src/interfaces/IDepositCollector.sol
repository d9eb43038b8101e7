// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IDepositCollector
/// @notice Pulls a payer's tokens into the settlement contract on its behalf during `deposit`.
interface IDepositCollector {
    /// @notice Moves exactly `amount` of `token` from `payer` to the caller (the settlement contract).
    /// @param channelId The channel being funded; collectors bind their authorization to it.
    /// @param collectorData Collector-specific authorization data (signatures, nonces, deadlines).
    function collect(address payer, address token, uint256 amount, bytes32 channelId, bytes calldata collectorData)
        external;
}
