// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {VM, VmExtra} from "./VmExtra.sol";

/// @notice Assertions over logs captured with `vm.recordLogs()`, for the events that must NOT be emitted.
library VmLogs {
    function count(VmExtra.Log[] memory logs, bytes32 topic0) internal pure returns (uint256 n) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics.length != 0 && logs[i].topics[0] == topic0) ++n;
        }
    }

    function requireTopic(VmExtra.Log[] memory logs, bytes32 topic0) internal pure {
        VM.assertTrue(count(logs, topic0) != 0, "expected event missing");
    }

    function requireNoTopic(VmExtra.Log[] memory logs, bytes32 topic0) internal pure {
        VM.assertEq(count(logs, topic0), 0, "unexpected event emitted");
    }
}
