// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IDepositCollector} from "../interfaces/IDepositCollector.sol";

/// @title DepositCollector
/// @notice Base of every deposit collector: it serves exactly one settlement contract, and only that contract may
///         make it collect. Otherwise anyone could spend a payer's authorization outside of a `deposit`.
/// @dev The settlement address is an immutable, so it is part of the runtime code: a collector placed with
///      `anvil_setCode` must have been built with the settlement address it will serve.
abstract contract DepositCollector is IDepositCollector {
    /// @notice The settlement contract this collector delivers to (name kept from the x402 reference ABI).
    address public immutable x402BatchSettlement;

    error OnlyX402BatchSettlement();
    error InvalidX402BatchSettlementAddress();

    constructor(address settlement) {
        if (settlement == address(0)) revert InvalidX402BatchSettlementAddress();
        x402BatchSettlement = settlement;
    }

    modifier onlySettlement() {
        if (msg.sender != x402BatchSettlement) revert OnlyX402BatchSettlement();
        _;
    }
}
