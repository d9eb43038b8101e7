// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchSettlement} from "../src/BatchSettlement.sol";
import {ERC20DepositCollector} from "../src/collectors/ERC20DepositCollector.sol";
import {ERC3009DepositCollector} from "../src/collectors/ERC3009DepositCollector.sol";
import {TestUsdc} from "../src/token/TestUsdc.sol";
import {SCRIPT_VM as vm} from "./utils/ScriptVm.sol";

/// @title Deploy
/// @notice Deploys the test token, the settlement contract and both deposit collectors (bound to that settlement)
///         with plain CREATE, and writes the address book the engine reads.
/// @dev Environment: DEPLOYER_PRIVATE_KEY (or forge's --private-key / --account), DEPLOYMENTS_OUT (default
///      deployments/local.json, relative to contracts/; must stay under deployments/, see fs_permissions),
///      TOKEN_NAME (default "USD Coin"), TOKEN_VERSION (default "2").
///      `deployBlock` is the block the script ran against, a safe lower bound for log scans: the deployment
///      transactions land in that block's successors.
contract Deploy {
    struct Deployment {
        BatchSettlement batchSettlement;
        ERC3009DepositCollector erc3009DepositCollector;
        ERC20DepositCollector erc20DepositCollector;
        TestUsdc token;
        string tokenName;
        string tokenVersion;
        uint256 deployBlock;
    }

    function run() external returns (Deployment memory deployment) {
        deployment.tokenName = vm.envOr("TOKEN_NAME", string("USD Coin"));
        deployment.tokenVersion = vm.envOr("TOKEN_VERSION", string("2"));
        deployment.deployBlock = block.number;

        uint256 deployerKey = vm.envOr("DEPLOYER_PRIVATE_KEY", uint256(0));
        if (deployerKey != 0) vm.startBroadcast(deployerKey);
        else vm.startBroadcast();

        deployment.token = new TestUsdc(deployment.tokenName, deployment.tokenVersion);
        deployment.batchSettlement = new BatchSettlement();
        deployment.erc3009DepositCollector = new ERC3009DepositCollector(address(deployment.batchSettlement));
        deployment.erc20DepositCollector = new ERC20DepositCollector(address(deployment.batchSettlement));
        vm.stopBroadcast();

        vm.writeJson(_toJson(deployment), vm.envOr("DEPLOYMENTS_OUT", string("deployments/local.json")));
    }

    function _toJson(Deployment memory deployment) private returns (string memory json) {
        string memory key = "deployment";
        vm.serializeUint(key, "chainId", block.chainid);
        vm.serializeAddress(key, "batchSettlement", address(deployment.batchSettlement));
        vm.serializeAddress(key, "erc3009DepositCollector", address(deployment.erc3009DepositCollector));
        vm.serializeAddress(key, "erc20DepositCollector", address(deployment.erc20DepositCollector));
        vm.serializeAddress(key, "token", address(deployment.token));
        vm.serializeString(key, "tokenName", deployment.tokenName);
        vm.serializeString(key, "tokenVersion", deployment.tokenVersion);
        json = vm.serializeUint(key, "deployBlock", deployment.deployBlock);
    }
}
