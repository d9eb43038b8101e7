#!/usr/bin/env bash
# Puts our contracts at the addresses the official x402 client and facilitator hard-code, on an anvil chain:
#   BatchSettlement          -> 0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003
#   ERC3009DepositCollector  -> 0x4020806089470a89826cB9fB1f4059150b550004 (its immutable = the address above)
#   Multicall3               -> 0xcA11bde05977b3631167028862bE2a173976CA11 (only if nothing is there yet)
# Each runtime is made by a real deployment (so immutables are right), read back with `cast code` and copied with
# anvil_setCode. A TestUsdc token and an ERC20DepositCollector (bound to the canonical settlement) are deployed
# normally. The address book is written in the format of script/Deploy.s.sol.
# anvil_setCode does not survive an anvil restart: run this again after every restart (or use --dump-state).
#
# Usage: script/place-canonical.sh <rpc-url> [out.json]
# Env:   DEPLOYER_PRIVATE_KEY (default: anvil's public test account 0), DEPLOYMENTS_OUT (default
#        deployments/canonical.json, used when no out.json is given), TOKEN_NAME ("USD Coin"), TOKEN_VERSION ("2").
set -euo pipefail

readonly SETTLEMENT=0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003
readonly ERC3009_COLLECTOR=0x4020806089470a89826cB9fB1f4059150b550004
readonly MULTICALL3=0xcA11bde05977b3631167028862bE2a173976CA11
readonly ANVIL_KEY_0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80

if [[ $# -lt 1 ]]; then
  echo "usage: $0 <rpc-url> [out.json]" >&2
  exit 2
fi
rpc=$1
out=${2:-${DEPLOYMENTS_OUT:-deployments/canonical.json}}
key=${DEPLOYER_PRIVATE_KEY:-$ANVIL_KEY_0}
token_name=${TOKEN_NAME:-USD Coin}
token_version=${TOKEN_VERSION:-2}

cd "$(dirname "$0")/.."
PATH="$PWD/node_modules/.bin:$PATH"

fail() { echo "place-canonical: $*" >&2; exit 1; }
[[ $token_name$token_version != *[\"\\]* ]] || fail "TOKEN_NAME/TOKEN_VERSION must not contain quotes or backslashes"

# Deploys <contract> with optional "constructor(...)" signature and arguments; prints the new address.
deploy() {
  local contract=$1; shift
  local bytecode
  bytecode=$(forge inspect "$contract" bytecode)
  cast send --rpc-url "$rpc" --private-key "$key" --create "$bytecode" "$@" \
    | awk '$1 == "contractAddress" { print $2 }'
}

# Copies the runtime code at <from> to <to>.
place() {
  local from=$1 to=$2 code
  code=$(cast code --rpc-url "$rpc" "$from")
  [[ $code != 0x ]] || fail "no code at $from"
  cast rpc --rpc-url "$rpc" anvil_setCode "$to" "$code" > /dev/null
  [[ $(cast code --rpc-url "$rpc" "$to") == "$code" ]] || fail "anvil_setCode did not take at $to (is this anvil?)"
}

forge build > /dev/null 2>&1 || fail "forge build failed (run it to see why)"
chain_id=$(cast chain-id --rpc-url "$rpc")
deploy_block=$(cast block-number --rpc-url "$rpc")

settlement_template=$(deploy BatchSettlement)
place "$settlement_template" "$SETTLEMENT"

collector_template=$(deploy ERC3009DepositCollector "constructor(address)" "$SETTLEMENT")
place "$collector_template" "$ERC3009_COLLECTOR"

if [[ $(cast code --rpc-url "$rpc" "$MULTICALL3") == 0x ]]; then
  place "$(deploy Multicall3)" "$MULTICALL3"
fi

erc20_collector=$(deploy ERC20DepositCollector "constructor(address)" "$SETTLEMENT")
token=$(deploy TestUsdc "constructor(string,string)" "$token_name" "$token_version")

# The copied code must answer for its new address: domain, collector binding, Multicall3.
domain=$(cast call --rpc-url "$rpc" "$SETTLEMENT" \
  "eip712Domain()(bytes1,string,string,uint256,address,bytes32,uint256[])" | sed -n 5p)
[[ ${domain,,} == "${SETTLEMENT,,}" ]] || fail "settlement domain names $domain, not $SETTLEMENT"
bound=$(cast call --rpc-url "$rpc" "$ERC3009_COLLECTOR" "x402BatchSettlement()(address)")
[[ ${bound,,} == "${SETTLEMENT,,}" ]] || fail "collector is bound to $bound"
multicall_chain=$(cast call --rpc-url "$rpc" "$MULTICALL3" "getChainId()(uint256)" | awk '{ print $1 }')
[[ $multicall_chain == "$chain_id" ]] || fail "no working Multicall3 at $MULTICALL3"

mkdir -p "$(dirname "$out")"
cat > "$out" <<JSON
{
  "chainId": $chain_id,
  "batchSettlement": "$SETTLEMENT",
  "erc3009DepositCollector": "$ERC3009_COLLECTOR",
  "erc20DepositCollector": "$erc20_collector",
  "token": "$token",
  "tokenName": "$token_name",
  "tokenVersion": "$token_version",
  "deployBlock": $deploy_block
}
JSON
echo "canonical placement done on chain $chain_id; address book: $out"
