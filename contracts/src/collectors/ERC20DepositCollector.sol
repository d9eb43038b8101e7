// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IDepositCollector} from "../interfaces/IDepositCollector.sol";
import {DepositCollector} from "./DepositCollector.sol";

/// @title ERC20DepositCollector
/// @notice Funds a channel with a plain ERC-20 `transferFrom` from a payer who approved this collector, for tokens
///         without EIP-3009 or for payers who prefer paying gas themselves.
/// @dev Trust assumption. `deposit` is permissionless and names the payer in its config, so a bare token approval
///      would let anyone move the payer's tokens into a channel of their own making (one whose payerAuthorizer and
///      receiver they control) and then claim them. A pull therefore also needs the payer's per-channel deposit
///      allowance, set with `approveDeposit(channelId, amount)`. The channel id commits to the whole config and to
///      this chain and settlement contract, so an allowance only ever funds the channel the payer chose; anyone may
///      trigger a deposit within it (a relayer topping up on the payer's behalf). `type(uint256).max` never decreases.
///      collectorData is not used.
contract ERC20DepositCollector is DepositCollector {
    using SafeERC20 for IERC20;

    /// @notice How much more may be pulled from `payer` into `channelId`.
    mapping(address payer => mapping(bytes32 channelId => uint256)) public depositAllowance;

    event DepositApproval(address indexed payer, bytes32 indexed channelId, uint256 amount);

    error DepositAllowanceExceeded(uint256 allowance, uint256 amount);

    constructor(address settlement) DepositCollector(settlement) {}

    /// @notice Lets deposits into `channelId` pull up to `amount` from the caller (who must also approve this
    ///         collector on the token). Overwrites any previous allowance for that channel.
    function approveDeposit(bytes32 channelId, uint256 amount) external {
        depositAllowance[msg.sender][channelId] = amount;
        emit DepositApproval(msg.sender, channelId, amount);
    }

    /// @inheritdoc IDepositCollector
    function collect(address payer, address token, uint256 amount, bytes32 channelId, bytes calldata)
        external
        override
        onlySettlement
    {
        uint256 allowance = depositAllowance[payer][channelId];
        if (allowance != type(uint256).max) {
            if (amount > allowance) revert DepositAllowanceExceeded(allowance, amount);
            unchecked {
                depositAllowance[payer][channelId] = allowance - amount;
            }
        }
        // Straight to the settlement contract: no hop through this collector.
        IERC20(token).safeTransferFrom(payer, msg.sender, amount);
    }
}
