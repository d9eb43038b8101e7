// Runs the OFFICIAL x402 resource server (@x402/express with @x402/evm's batch-settlement server scheme, unmodified) on
// a loopback port, using OUR facilitator (/supported, /verify, /settle) for everything that touches the chain. It is the
// other half of the reverse interop test: our C# agent SDK pays this server, and this server's own channel manager
// claims and settles through our facilitator.
//
// The scheme holds no receiver-authorizer key of its own: it delegates that role to the facilitator, which advertises
// its key in /supported (extra.receiverAuthorizer) and signs claims and refunds for authenticated callers.
//
// Routes:
//   GET  RESOURCE_PATH                 paid, PRICE atomic units of TOKEN per call (batch-settlement, eip3009 deposits)
//   POST /admin/claim-and-settle       the channel manager's claimAndSettle(): claims via /settle, then settle(receiver, token)
//   GET  /admin/channels               the server's channel records (charged totals, signed vouchers)
// The admin routes are for the test harness only: unauthenticated, loopback only.
//
// Env: FACILITATOR_URL, FACILITATOR_TOKEN (optional bearer token), PAY_TO, TOKEN, TOKEN_NAME ("USD Coin"),
//      TOKEN_VERSION ("2"), PRICE (atomic units, e.g. 1000), MIN_DEPOSIT (optional atomic extra.minDeposit; the scheme's
//      default is 10 x PRICE), CHAIN_ID (31337), RESOURCE_PATH (/v1/fortune), PORT (0 = any).
// Prints one JSON line {"ready":true,"url":...} on stdout once it listens; diagnostics go to stderr.

import express from "express";
import { paymentMiddlewareFromHTTPServer, x402HTTPResourceServer, x402ResourceServer } from "@x402/express";
import { HTTPFacilitatorClient } from "@x402/core/server";
import { BatchSettlementEvmScheme } from "@x402/evm/batch-settlement/server";
import { isAddress } from "viem";

function readSettings(env) {
  const problems = [];
  const required = (name) => {
    const value = env[name];
    if (!value) problems.push(`${name} is not set`);
    return value ?? "";
  };
  const address = (name) => {
    const value = required(name);
    if (value && !isAddress(value, { strict: false })) problems.push(`${name} is not an address: '${value}'`);
    return value;
  };
  const digits = (name, fallback) => {
    const text = env[name] ?? fallback;
    if (!/^\d+$/.test(text)) problems.push(`${name} must be digits, got '${text}'`);
    return text;
  };

  const settings = {
    facilitatorUrl: required("FACILITATOR_URL"),
    facilitatorToken: env.FACILITATOR_TOKEN || undefined,
    payTo: address("PAY_TO"),
    token: address("TOKEN"),
    tokenName: env.TOKEN_NAME || "USD Coin",
    tokenVersion: env.TOKEN_VERSION || "2",
    price: digits("PRICE", "1000"),
    minDeposit: env.MIN_DEPOSIT ? digits("MIN_DEPOSIT", "") : undefined,
    chainId: digits("CHAIN_ID", "31337"),
    resourcePath: env.RESOURCE_PATH || "/v1/fortune",
    port: Number(digits("PORT", "0")),
  };
  if (problems.length > 0) throw new Error(`bad settings: ${problems.join("; ")}`);
  settings.network = `eip155:${settings.chainId}`;
  return settings;
}

function facilitatorClient(settings) {
  // The reference client wants headers per facilitator path.
  const bearer = settings.facilitatorToken ? { Authorization: `Bearer ${settings.facilitatorToken}` } : undefined;
  return new HTTPFacilitatorClient({
    url: settings.facilitatorUrl,
    ...(bearer ? { createAuthHeaders: async () => ({ verify: bearer, settle: bearer, supported: bearer }) } : {}),
  });
}

function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}

async function main() {
  const settings = readSettings(process.env);
  const facilitator = facilitatorClient(settings);
  const scheme = new BatchSettlementEvmScheme(settings.payTo);
  const resourceServer = new x402ResourceServer(facilitator).register(settings.network, scheme);
  const routes = {
    [`GET ${settings.resourcePath}`]: {
      accepts: {
        scheme: "batch-settlement",
        network: settings.network,
        payTo: settings.payTo,
        price: {
          amount: settings.price,
          asset: settings.token,
          extra: {
            name: settings.tokenName,
            version: settings.tokenVersion,
            ...(settings.minDeposit ? { minDeposit: settings.minDeposit } : {}),
          },
        },
        maxTimeoutSeconds: 60,
      },
      description: "A fortune, paid per call",
    },
  };

  // Initialise before listening: this reads our /supported and fails here, loudly, if the facilitator does not serve
  // batch-settlement on this network or advertises no receiver authorizer to delegate to.
  const httpServer = new x402HTTPResourceServer(resourceServer, routes);
  await httpServer.initialize();
  const manager = scheme.createChannelManager(facilitator, settings.network, settings.token);

  const app = express();
  app.use(paymentMiddlewareFromHTTPServer(httpServer, undefined, undefined, false));
  app.get(settings.resourcePath, (_req, res) => res.json({ fortune: "A paid request is a happy request." }));
  app.post("/admin/claim-and-settle", async (_req, res) => {
    try {
      res.json(await manager.claimAndSettle());
    } catch (error) {
      console.error(`serve-reference: claimAndSettle failed: ${errorText(error)}`);
      res.status(502).json({ error: errorText(error) });
    }
  });
  app.get("/admin/channels", async (_req, res) => res.json(await scheme.getStorage().list()));

  const listener = app.listen(settings.port, "127.0.0.1", () => {
    const { port } = listener.address();
    console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${port}` }));
  });
  const stop = () => listener.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error) => {
  console.error(`serve-reference: ${error?.stack ?? error}`);
  console.log(JSON.stringify({ ready: false, error: errorText(error) }));
  process.exit(1);
});
