// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Deploy} from "../../script/Deploy.s.sol";
import {BaseTest} from "../utils/BaseTest.sol";

contract DeployScriptTest is BaseTest {
    string private constant OUT = "deployments/deploy-script-test.json";

    function test_run_wiresCollectorsToSettlement_andWritesAddressBook() public {
        vm.setEnv("DEPLOYMENTS_OUT", OUT);
        vm.setEnv("TOKEN_NAME", "Test Dollar");
        vm.setEnv("TOKEN_VERSION", "7");
        Deploy.Deployment memory d = new Deploy().run();

        vm.assertEq(d.erc3009DepositCollector.x402BatchSettlement(), address(d.batchSettlement), "3009 collector bound");
        vm.assertEq(d.erc20DepositCollector.x402BatchSettlement(), address(d.batchSettlement), "20 collector bound");
        vm.assertEq(d.token.name(), "Test Dollar", "token name from env");
        vm.assertEq(d.token.version(), "7", "token version from env");

        string memory json = vm.readFile(OUT);
        vm.removeFile(OUT);
        vm.assertEq(vm.parseJsonUint(json, ".chainId"), block.chainid, "chainId");
        vm.assertEq(vm.parseJsonAddress(json, ".batchSettlement"), address(d.batchSettlement), "batchSettlement");
        vm.assertEq(
            vm.parseJsonAddress(json, ".erc3009DepositCollector"), address(d.erc3009DepositCollector), "3009 collector"
        );
        vm.assertEq(
            vm.parseJsonAddress(json, ".erc20DepositCollector"), address(d.erc20DepositCollector), "20 collector"
        );
        vm.assertEq(vm.parseJsonAddress(json, ".token"), address(d.token), "token");
        vm.assertEq(vm.parseJsonString(json, ".tokenName"), "Test Dollar", "tokenName");
        vm.assertEq(vm.parseJsonString(json, ".tokenVersion"), "7", "tokenVersion");
        vm.assertEq(vm.parseJsonUint(json, ".deployBlock"), block.number, "deployBlock");
    }
}
