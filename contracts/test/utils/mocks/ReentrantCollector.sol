// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IDepositCollector} from "../../../src/interfaces/IDepositCollector.sol";

/// @notice A collector that calls back into the settlement contract with `payload` while a deposit is running.
contract ReentrantCollector is IDepositCollector {
    bytes public payload;

    function arm(bytes calldata payload_) external {
        payload = payload_;
    }

    function collect(address, address, uint256, bytes32, bytes calldata) external {
        (bool ok, bytes memory reason) = msg.sender.call(payload);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }
}
