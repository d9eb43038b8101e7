// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IDepositCollector} from "../../../src/interfaces/IDepositCollector.sol";

/// @notice A collector that lies: it delivers `amount + surplus - shortfall` from its own stock.
contract MisdeliveringCollector is IDepositCollector {
    using SafeERC20 for IERC20;

    uint256 public immutable surplus;
    uint256 public immutable shortfall;

    constructor(uint256 surplus_, uint256 shortfall_) {
        surplus = surplus_;
        shortfall = shortfall_;
    }

    function collect(address, address token, uint256 amount, bytes32, bytes calldata) external {
        IERC20(token).safeTransfer(msg.sender, amount + surplus - shortfall);
    }
}
