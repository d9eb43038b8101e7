// The reference resource server for the http-voucher-reference benchmark: the official @x402/express middleware with
// @x402/evm's batch-settlement server scheme, on the same paid route and payload shape as ours.
//
// Its channel storage is seeded from a file the load generator writes, with fresh on-chain state and a non-zero payer
// authorizer, so the scheme verifies every voucher locally (signature, channel id, balance) the way our channel grain
// does. The facilitator is an in-process stand-in that only answers /supported: a voucher that reaches verify or settle
// is counted as a failure (GET /bench/facilitator-calls), because it would mean the measurement includes a network hop.
//
// Usage: node server.mjs <seed.json>. Prints one JSON line {"port": N} when it listens on 127.0.0.1.
import { readFileSync } from "node:fs";
import express from "express";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";
import { BatchSettlementEvmScheme, InMemoryChannelStorage } from "@x402/evm/batch-settlement/server";

const seedPath = process.argv[2];
if (!seedPath) {
  console.error("usage: node server.mjs <seed.json>");
  process.exit(2);
}

const seed = JSON.parse(readFileSync(seedPath, "utf8"));
const storage = new InMemoryChannelStorage();
const syncedAt = Date.now();
for (const channel of seed.channels) {
  await storage.updateChannel(channel.channelId, () => ({
    channelId: channel.channelId,
    channelConfig: channel.channelConfig,
    chargedCumulativeAmount: "0",
    signedMaxClaimable: "0",
    signature: "0x",
    balance: channel.balance,
    totalClaimed: "0",
    withdrawRequestedAt: 0,
    refundNonce: 0,
    onchainSyncedAt: syncedAt,
    lastRequestTimestamp: syncedAt,
  }));
}

let facilitatorCalls = 0;
const facilitator = {
  async getSupported() {
    return {
      kinds: [{ x402Version: 2, scheme: "batch-settlement", network: seed.network, extra: { receiverAuthorizer: seed.receiverAuthorizer } }],
      extensions: [],
      signers: {},
    };
  },
  async verify() {
    facilitatorCalls++;
    throw new Error("the benchmark facilitator does not verify: vouchers must verify locally");
  },
  async settle() {
    facilitatorCalls++;
    throw new Error("the benchmark facilitator does not settle: vouchers must settle locally");
  },
};

// The seeded state must stay fresh for the whole run, as our server's cached chain view does.
const scheme = new BatchSettlementEvmScheme(seed.payTo, {
  storage,
  withdrawDelay: seed.withdrawDelay,
  onchainStateTtlMs: 24 * 60 * 60 * 1000,
});
const resourceServer = new x402ResourceServer(facilitator).register(seed.network, scheme);

const app = express();
app.get("/bench/facilitator-calls", (_req, res) => res.json({ calls: facilitatorCalls }));
app.use(
  paymentMiddleware(
    {
      "GET /v1/fortune": {
        accepts: {
          scheme: "batch-settlement",
          price: { amount: seed.price, asset: seed.token, extra: { name: seed.tokenName, version: seed.tokenVersion } },
          network: seed.network,
          payTo: seed.payTo,
          maxTimeoutSeconds: 300,
        },
        description: "One fortune",
      },
    },
    resourceServer,
  ),
);
app.get("/v1/fortune", (_req, res) => res.json({ fortune: "Cumulative beats incremental." }));

const listener = app.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: listener.address().port }));
});
listener.keepAliveTimeout = 120_000;
