// Pays our x402 server's `exact` route with the OFFICIAL npm client (@x402/fetch + @x402/evm's exact scheme, EIP-3009),
// used exactly as an agent would use it, and reports what happened as one JSON line on stdout. Diagnostics go to stderr.
//
// Each request must end in 200 with a successful PAYMENT-RESPONSE naming a transaction hash; the caller checks the chain.
// Afterwards the last signed payment is sent again by hand: the server must refuse the replay with a 402.
//
// Env: SERVER_URL, RESOURCE_PATH (/v1/fortune/once), CHAIN_ID (31337), PAYER_KEY (0x + 64 hex), TOKEN (address),
//      REQUESTS (3), REQUEST_TIMEOUT_MS (30000).
// Exit code: 0 when every request was paid and the replay refused, 1 otherwise (the reasons are in "errors").

import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import { privateKeyToAccount } from "viem/accounts";
import { SettingsReader, tryDecode } from "./harness.mjs";

class Failure extends Error {}

function readSettings(env) {
  const reader = new SettingsReader(env);
  const settings = {
    serverUrl: reader.required("SERVER_URL"),
    resourcePath: env.RESOURCE_PATH || "/v1/fortune/once",
    chainId: reader.positiveInteger("CHAIN_ID", 31337),
    payerKey: reader.required("PAYER_KEY"),
    token: reader.required("TOKEN"),
    requests: reader.positiveInteger("REQUESTS", 3),
    requestTimeoutMs: reader.positiveInteger("REQUEST_TIMEOUT_MS", 30000),
  };
  reader.checkPayer(settings);
  if (reader.problems.length > 0) throw new Failure(`bad settings: ${reader.problems.join("; ")}`);
  settings.network = `eip155:${settings.chainId}`;
  settings.url = new URL(settings.resourcePath, settings.serverUrl).toString();
  return settings;
}

async function main() {
  const report = { payer: null, paid: 0, transactions: [], replayStatus: null, replayReason: null, errors: [] };
  try {
    const settings = readSettings(process.env);
    const account = privateKeyToAccount(settings.payerKey);
    report.payer = account.address;

    // Remember the last payment the client signed, to replay it by hand afterwards.
    let lastPayment;
    const recordingFetch = async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      lastPayment = request.headers.get("PAYMENT-SIGNATURE") ?? lastPayment;
      return fetch(request, { signal: AbortSignal.timeout(settings.requestTimeoutMs) });
    };

    // The exact scheme alone, for this chain, with our token allowed (31337 has no default asset). An EOA signer only
    // needs address + signTypedData for EIP-3009.
    const client = new x402Client()
      .register(settings.network, new ExactEvmScheme(account))
      .setSpendControls({ allowedAssets: [{ network: settings.network, asset: settings.token }] });
    const pay = wrapFetchWithPayment(recordingFetch, client);

    for (let i = 1; i <= settings.requests; i += 1) {
      const response = await pay(settings.url);
      const receipt = tryDecode(decodePaymentResponseHeader, response.headers.get("PAYMENT-RESPONSE"));
      if (response.status !== 200) {
        const required = tryDecode(decodePaymentRequiredHeader, response.headers.get("PAYMENT-REQUIRED"));
        throw new Failure(`request ${i}: status ${response.status} (${required?.error ?? receipt?.errorReason ?? (await response.text()).slice(0, 200)})`);
      }
      if (receipt?.success !== true || !/^0x[0-9a-fA-F]{64}$/.test(receipt.transaction ?? "")) {
        throw new Failure(`request ${i}: PAYMENT-RESPONSE is not a settled transfer: ${JSON.stringify(receipt)}`);
      }
      await response.text();
      report.paid += 1;
      report.transactions.push(receipt.transaction);
    }

    const replay = await fetch(settings.url, { headers: { "PAYMENT-SIGNATURE": lastPayment } });
    report.replayStatus = replay.status;
    report.replayReason = tryDecode(decodePaymentRequiredHeader, replay.headers.get("PAYMENT-REQUIRED"))?.error ?? null;
    if (replay.status !== 402) {
      throw new Failure(`replaying the last payment answered ${replay.status}, not 402`);
    }
  } catch (error) {
    const message = error instanceof Failure ? error.message : `unexpected: ${error?.stack ?? error}`;
    console.error(`pay-exact: ${message}`);
    report.errors.push(message);
  }
  console.log(JSON.stringify(report));
  process.exitCode = report.errors.length === 0 ? 0 : 1;
}

await main();
