#!/usr/bin/env bash
# Recomputes, with cast alone, the EIP-712 vectors pinned in test/BatchSettlement/Views.t.sol and
# test/token/TestUsdc.t.sol. Inputs are those of the x402 reference's golden vectors: chain 31337, the canonical
# settlement address, payer = payerAuthorizer = anvil account 0, receiver = account 1, receiverAuthorizer =
# account 2, token = the first CREATE of account 0, withdrawDelay 900, salt 0.
# Usage: test/vectors/eip712-vectors.sh   (needs cast on PATH)
set -euo pipefail

CHAIN=31337
SETTLEMENT=0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003
PAYER=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
RECEIVER=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
RECEIVER_AUTHORIZER=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
TOKEN=0x5FbDB2315678afecb367f032d93F642f64180aa3
COLLECTOR=0x4020806089470a89826cB9fB1f4059150b550004
ZERO32=0x0000000000000000000000000000000000000000000000000000000000000000

typed() { cast keccak "0x1901${1#0x}${2#0x}"; }
domain() { # name version chainId verifyingContract
  cast keccak "$(cast abi-encode 'f(bytes32,bytes32,bytes32,uint256,address)' \
    "$(cast keccak 'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)')" \
    "$(cast keccak "$1")" "$(cast keccak "$2")" "$3" "$4")"
}

DS=$(domain "x402 Batch Settlement" 1 $CHAIN $SETTLEMENT)
CONFIG_TH=$(cast keccak "ChannelConfig(address payer,address payerAuthorizer,address receiver,address receiverAuthorizer,address token,uint40 withdrawDelay,bytes32 salt)")
VOUCHER_TH=$(cast keccak "Voucher(bytes32 channelId,uint128 maxClaimableAmount)")
REFUND_TH=$(cast keccak "Refund(bytes32 channelId,uint256 nonce,uint128 amount)")
ENTRY_TH=$(cast keccak "ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)")
BATCH_TH=$(cast keccak "ClaimBatch(ClaimEntry[] claims)ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)")

CONFIG_HASH=$(cast keccak "$(cast abi-encode 'f(bytes32,address,address,address,address,address,uint40,bytes32)' \
  "$CONFIG_TH" $PAYER $PAYER $RECEIVER $RECEIVER_AUTHORIZER $TOKEN 900 $ZERO32)")
ID=$(typed "$DS" "$CONFIG_HASH")
ENTRY=$(cast keccak "$(cast abi-encode 'f(bytes32,bytes32,uint128,uint128)' "$ENTRY_TH" "$ID" 1000 700)")

echo "domainSeparator        $DS"
echo "CHANNEL_CONFIG_TYPEHASH $CONFIG_TH"
echo "VOUCHER_TYPEHASH       $VOUCHER_TH"
echo "REFUND_TYPEHASH        $REFUND_TH"
echo "CLAIM_ENTRY_TYPEHASH   $ENTRY_TH"
echo "CLAIM_BATCH_TYPEHASH   $BATCH_TH"
echo "channelId              $ID"
echo "voucher(max 1000)      $(typed "$DS" "$(cast keccak "$(cast abi-encode 'f(bytes32,bytes32,uint128)' "$VOUCHER_TH" "$ID" 1000)")")"
echo "refund(nonce 0, 500)   $(typed "$DS" "$(cast keccak "$(cast abi-encode 'f(bytes32,bytes32,uint256,uint128)' "$REFUND_TH" "$ID" 0 500)")")"
echo "claimBatch([1000/700]) $(typed "$DS" "$(cast keccak "$(cast abi-encode 'f(bytes32,bytes32)' "$BATCH_TH" "$(cast keccak "$ENTRY")")")")"
echo "claimBatch([])         $(typed "$DS" "$(cast keccak "$(cast abi-encode 'f(bytes32,bytes32)' "$BATCH_TH" "$(cast keccak 0x)")")")"
echo "erc3009Nonce(salt 1)   $(cast keccak "$(cast abi-encode 'f(bytes32,uint256)' "$ID" 1)")"

# The same channel on chain 8453 (Base): the id must differ.
DS_BASE=$(domain "x402 Batch Settlement" 1 8453 $SETTLEMENT)
echo "channelId(chain 8453)  $(typed "$DS_BASE" "$CONFIG_HASH")"

# TestUsdc deployed as ("USD Coin", "2") at $TOKEN: ReceiveWithAuthorization of 1000 to the canonical collector,
# validAfter 0, validBefore 2000000000, nonce = erc3009Nonce(salt 1).
TOKEN_DS=$(domain "USD Coin" 2 $CHAIN $TOKEN)
RWA_TH=$(cast keccak "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)")
NONCE=$(cast keccak "$(cast abi-encode 'f(bytes32,uint256)' "$ID" 1)")
echo "token domainSeparator  $TOKEN_DS"
echo "receiveWithAuth digest $(typed "$TOKEN_DS" "$(cast keccak "$(cast abi-encode 'f(bytes32,address,address,uint256,uint256,uint256,bytes32)' \
  "$RWA_TH" $PAYER $COLLECTOR 1000 0 2000000000 "$NONCE")")")"
