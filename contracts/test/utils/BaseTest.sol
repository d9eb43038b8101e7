// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {VM, VmExtra} from "./VmExtra.sol";

/// @title BaseTest
/// @notice Minimal test base. forge-std's `Test` cannot be used from the npm build (it lacks ds-test), and its
///         non-reverting assertions would not fail a test on forge 1.x anyway: every assertion here is a reverting
///         forge cheatcode.
abstract contract BaseTest {
    VmExtra internal constant vm = VM;

    /// @dev Maps a fuzzed value into [min, max] without discarding runs.
    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (min == 0 && max == type(uint256).max) return x;
        return min + (x % (max - min + 1));
    }
}
