// One payer streams chat completions in parallel through our metered gateway with the `openai` SDK, paying with the
// OFFICIAL x402 client as its `fetch`. A channel takes one request at a time (each voucher signs the channel's charged
// total plus this request's price), so each concurrent worker pays from a channel of its own: its own
// BatchSettlementEvmScheme with its own salt, as the client's options allow. Each worker adopts its streams' closing
// charges into its client's channel storage (stream-charges.mjs), so no voucher after a stream needs correcting.
// Reports as one JSON line on stdout what each worker streamed and was charged; diagnostics go to stderr.
//
// Env: SERVER_URL, RPC_URL, CHAIN_ID (31337), PAYER_KEY (0x + 64 hex), TOKEN (address), WORKERS (3), STREAMS (3),
//      MAX_TOKENS (24), REQUEST_TIMEOUT_MS (30000).
// Exit code: 0 when every stream returned text and its charge, 1 otherwise (the reasons are in "errors").

import OpenAI from "openai";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { toClientEvmSigner } from "@x402/evm";
import { BatchSettlementEvmScheme, InMemoryClientChannelStorage } from "@x402/evm/batch-settlement/client";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { decodePaymentResponseHeader } from "@x402/core/http";
import { SettingsReader } from "./harness.mjs";
import { adoptStreamCharges, watchingCharges } from "./stream-charges.mjs";


function readSettings(env) {
  const reader = new SettingsReader(env);
  const settings = {
    serverUrl: reader.required("SERVER_URL"),
    rpcUrl: reader.required("RPC_URL"),
    chainId: reader.positiveInteger("CHAIN_ID", 31337),
    payerKey: reader.required("PAYER_KEY"),
    token: reader.required("TOKEN"),
    workers: reader.positiveInteger("WORKERS", 3),
    streams: reader.positiveInteger("STREAMS", 3),
    maxTokens: reader.positiveInteger("MAX_TOKENS", 24),
    timeoutMs: reader.positiveInteger("REQUEST_TIMEOUT_MS", 30000),
  };
  reader.checkPayer(settings);
  if (reader.problems.length > 0) throw new Error(`bad settings: ${reader.problems.join("; ")}`);
  settings.network = `eip155:${settings.chainId}`;
  settings.baseURL = new URL("/v1", settings.serverUrl).toString();
  return settings;
}

async function runWorker(index, signer, settings) {
  const salt = `0x${(index + 1).toString(16).padStart(64, "0")}`;
  const worker = { salt, streams: 0, charged: "0", channelId: null, chargedCumulative: null, correctives: 0, texts: [], errors: [] };
  const storage = new InMemoryClientChannelStorage();
  const client = new x402Client()
    .register(settings.network, new BatchSettlementEvmScheme(signer, { storage, salt }))
    .setSpendControls({ allowedAssets: [{ network: settings.network, asset: settings.token }] });
  let charged = 0n;
  const transport = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const response = await fetch(request, { signal: AbortSignal.timeout(settings.timeoutMs) });
    if (request.headers.has("PAYMENT-SIGNATURE") && response.status === 402) worker.correctives += 1;
    return response;
  };
  const paying = adoptStreamCharges(wrapFetchWithPayment(transport, client), storage, { decodeReceipt: decodePaymentResponseHeader });
  const fetchWithPayment = watchingCharges(paying, (charge) => {
    charged += BigInt(charge.chargedAmount);
    worker.channelId = charge.channelId;
    worker.chargedCumulative = charge.chargedCumulativeAmount;
  });
  const openai = new OpenAI({ baseURL: settings.baseURL, apiKey: "unused", fetch: fetchWithPayment, maxRetries: 0 });
  for (let i = 0; i < settings.streams; i += 1) {
    try {
      const stream = await openai.chat.completions.create({
        model: "demo",
        messages: [{ role: "user", content: `worker ${index + 1}, stream ${i + 1}: how do salted channels run in parallel` }],
        max_tokens: settings.maxTokens,
        stream: true,
      });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content || "";
      if (!text) throw new Error("no text");
      worker.texts.push(text);
      worker.streams += 1;
    } catch (error) {
      worker.errors.push(`stream ${i + 1}: ${error?.stack ?? error}`);
    }
  }
  worker.charged = charged.toString();
  return worker;
}

async function main() {
  const report = { payer: null, workers: [], errors: [] };
  try {
    const settings = readSettings(process.env);
    const account = privateKeyToAccount(settings.payerKey);
    report.payer = account.address;
    const signer = toClientEvmSigner(account, createPublicClient({ transport: http(settings.rpcUrl) }));
    report.workers = await Promise.all(Array.from({ length: settings.workers }, (_, i) => runWorker(i, signer, settings)));
    for (const worker of report.workers) report.errors.push(...worker.errors.map((e) => `worker ${worker.salt}: ${e}`));
  } catch (error) {
    report.errors.push(`unexpected: ${error?.stack ?? error}`);
  }
  for (const error of report.errors) console.error(`pay-parallel: ${error}`);
  console.log(JSON.stringify(report));
  process.exitCode = report.errors.length === 0 ? 0 : 1;
}

await main();
