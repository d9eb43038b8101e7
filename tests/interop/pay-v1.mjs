// Pays our x402 server's `exact` route with the OFFICIAL x402 v1 client (`x402-fetch` 1.2.0 with `x402` 1.2.0), used as
// its README shows: `wrapFetchWithPayment(fetch, account)`. The v1 client reads the requirements from the 402 body,
// validates them against the v1 schema (named networks such as base-sepolia, absolute resource URL, mimeType), signs an
// EIP-3009 authorization and sends it in X-PAYMENT. Reports as one JSON line on stdout; diagnostics go to stderr.
//
// Env: SERVER_URL, RESOURCE_PATH (/v1/fortune/once), PAYER_KEY (0x + 64 hex), TOKEN (address), REQUESTS (2),
//      REQUEST_TIMEOUT_MS (30000).
// Exit code: 0 when every request was paid (200 with a successful X-PAYMENT-RESPONSE), 1 otherwise.

import { decodeXPaymentResponse, wrapFetchWithPayment } from "x402-fetch";
import { privateKeyToAccount } from "viem/accounts";
import { SettingsReader } from "./harness.mjs";

function readSettings(env) {
  const reader = new SettingsReader(env);
  const settings = {
    serverUrl: reader.required("SERVER_URL"),
    resourcePath: env.RESOURCE_PATH || "/v1/fortune/once",
    payerKey: reader.required("PAYER_KEY"),
    token: reader.required("TOKEN"),
    requests: reader.positiveInteger("REQUESTS", 2),
    timeoutMs: reader.positiveInteger("REQUEST_TIMEOUT_MS", 30000),
  };
  reader.checkPayer(settings);
  if (reader.problems.length > 0) throw new Error(`bad settings: ${reader.problems.join("; ")}`);
  settings.url = new URL(settings.resourcePath, settings.serverUrl).toString();
  return settings;
}

async function main() {
  const report = { payer: null, paid: 0, challenges: 0, networks: [], resources: [], transactions: [], receiptNetworks: [], errors: [] };
  try {
    const settings = readSettings(process.env);
    const account = privateKeyToAccount(settings.payerKey);
    report.payer = account.address;

    // What went over the wire: the 402 bodies the client read, and the payments it sent.
    const transport = async (input, init) => {
      const response = await fetch(input, { ...init, signal: AbortSignal.timeout(settings.timeoutMs) });
      if (response.status === 402) {
        report.challenges += 1;
        const body = await response.clone().json();
        for (const offer of body.accepts ?? []) {
          report.networks.push(offer.network);
          report.resources.push(offer.resource);
        }
      }
      return response;
    };

    const fetchWithPayment = wrapFetchWithPayment(transport, account);
    for (let i = 1; i <= settings.requests; i += 1) {
      const response = await fetchWithPayment(settings.url, { method: "GET" });
      const header = response.headers.get("X-PAYMENT-RESPONSE");
      if (response.status !== 200 || !header) {
        report.errors.push(`request ${i}: status ${response.status}, X-PAYMENT-RESPONSE ${header}: ${(await response.text()).slice(0, 300)}`);
        continue;
      }
      const receipt = decodeXPaymentResponse(header);
      if (!receipt.success || !receipt.transaction) {
        report.errors.push(`request ${i}: receipt ${JSON.stringify(receipt)}`);
        continue;
      }
      await response.text();
      report.paid += 1;
      report.transactions.push(receipt.transaction);
      report.receiptNetworks.push(receipt.network);
    }
  } catch (error) {
    report.errors.push(`unexpected: ${error?.stack ?? error}`);
  }
  for (const error of report.errors) console.error(`pay-v1: ${error}`);
  console.log(JSON.stringify(report));
  process.exitCode = report.errors.length === 0 ? 0 : 1;
}

await main();
