// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice An ERC-3009 token that checks nothing: the conditions under which the x402 reference measured its ERC-3009
///         deposit gas (a mock token), so our figure can be compared like for like. Never for anything but gas tests.
contract MockErc3009Token is ERC20 {
    constructor() ERC20("Mock", "MOCK") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function receiveWithAuthorization(address from, address to, uint256 value, uint256, uint256, bytes32, bytes calldata)
        external
    {
        require(to == msg.sender, "caller must be the payee");
        _transfer(from, to, value);
    }
}
