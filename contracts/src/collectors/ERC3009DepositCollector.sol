// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IDepositCollector} from "../interfaces/IDepositCollector.sol";
import {IERC3009} from "../interfaces/IERC3009.sol";
import {DepositCollector} from "./DepositCollector.sol";

/// @title ERC3009DepositCollector
/// @notice Funds a channel from a payer's EIP-3009 `ReceiveWithAuthorization` signature, so the payer needs no gas
///         and no prior approval.
/// @dev EIP-3009 requires the caller to be the payee, so the payer signs `to = this collector`; the tokens land here
///      and are forwarded to the settlement contract in the same call. The authorization nonce is
///      keccak256(abi.encode(channelId, salt)): a signature is only good for the channel it was made for.
///      collectorData = abi.encode(uint256 validAfter, uint256 validBefore, uint256 salt, bytes signature).
contract ERC3009DepositCollector is DepositCollector {
    using SafeERC20 for IERC20;

    constructor(address settlement) DepositCollector(settlement) {}

    /// @inheritdoc IDepositCollector
    function collect(address payer, address token, uint256 amount, bytes32 channelId, bytes calldata collectorData)
        external
        override
        onlySettlement
    {
        (uint256 validAfter, uint256 validBefore, uint256 salt, bytes memory signature) =
            abi.decode(collectorData, (uint256, uint256, uint256, bytes));
        bytes32 nonce = keccak256(abi.encode(channelId, salt));

        IERC3009(token)
            .receiveWithAuthorization(payer, address(this), amount, validAfter, validBefore, nonce, signature);
        IERC20(token).safeTransfer(msg.sender, amount);
    }
}
