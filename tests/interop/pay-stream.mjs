// Pays STREAMED chat completions through our metered gateway with the OFFICIAL npm client (@x402/fetch + @x402/evm's
// batch-settlement client, unmodified), reads each event stream as it arrives, and reports as one JSON line on stdout
// what was streamed, what the upstream reported as usage, and what the gateway said it charged. Diagnostics go to stderr.
//
// The first request opens the channel with an ERC-3009 deposit. A stream's PAYMENT-RESPONSE goes out before its charge
// is known and states the reserved ceiling; the actual charge comes in the stream's closing comment line
// (`: x402-charge {json}`). The
// official client believes the receipt, so each later stream starts with one corrective 402 that it recovers from.
//
// Env: SERVER_URL, RESOURCE_PATH (/v1/chat/completions), RPC_URL, CHAIN_ID (31337), PAYER_KEY (0x + 64 hex),
//      TOKEN (address), STREAMS (2), MAX_TOKENS (24), REQUEST_TIMEOUT_MS (30000).
// Exit code: 0 when every stream was paid, streamed and closed with a charge event; 1 otherwise (reasons in "errors").

import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { toClientEvmSigner } from "@x402/evm";
import { BatchSettlementEvmScheme, InMemoryClientChannelStorage } from "@x402/evm/batch-settlement/client";
import { decodePaymentResponseHeader, decodePaymentSignatureHeader } from "@x402/core/http";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const env = process.env;
const settings = {
  url: new URL(env.RESOURCE_PATH || "/v1/chat/completions", env.SERVER_URL).toString(),
  network: `eip155:${env.CHAIN_ID || "31337"}`,
  streams: Number(env.STREAMS || "2"),
  maxTokens: Number(env.MAX_TOKENS || "24"),
  timeoutMs: Number(env.REQUEST_TIMEOUT_MS || "30000"),
};

// Every paid attempt the client makes: what it signed and how the server answered.
const attempts = [];
async function loggedFetch(input, init) {
  const request = input instanceof Request ? input : new Request(input, init);
  const signature = request.headers.get("PAYMENT-SIGNATURE");
  const response = await fetch(request, { signal: AbortSignal.timeout(settings.timeoutMs) });
  if (signature) {
    const payload = decodePaymentSignatureHeader(signature).payload;
    attempts.push({ status: response.status, type: payload?.type, depositAmount: payload?.deposit?.amount });
  }
  return response;
}

// Splits the body into events as the bytes arrive; the caller sees each whole event once.
async function* events(body) {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const bytes of body) {
    pending += decoder.decode(bytes, { stream: true }).replaceAll("\r\n", "\n");
    let end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      const block = pending.slice(0, end);
      pending = pending.slice(end + 2);
      // The gateway's own lines are comments, ": x402-charge {json}", which OpenAI clients skip.
      const comment = block.match(/^: (x402-[a-z]+) (.*)$/m);
      const name = comment?.[1] ?? block.match(/^event: ?(.*)$/m)?.[1] ?? null;
      const data = comment?.[2] ?? [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join("\n");
      yield { name, data };
    }
  }
}

async function streamOnce(pay, index) {
  const response = await pay(settings.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "demo",
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: settings.maxTokens,
      messages: [{ role: "user", content: `stream ${index + 1}: tell me how vouchers settle on chain` }],
    }),
  });
  const receipt = response.headers.get("PAYMENT-RESPONSE");
  const stream = {
    status: response.status,
    reserved: response.headers.get("X-Billing-Reserved"),
    receiptCharged: receipt ? decodePaymentResponseHeader(receipt).extra?.chargedAmount ?? null : null,
    tokens: 0,
    text: "",
    usage: null,
    charge: null,
    cutOff: false,
    done: false,
  };
  if (response.status !== 200) {
    stream.text = (await response.text()).slice(0, 300);
    return stream;
  }
  for await (const event of events(response.body)) {
    if (event.data === "[DONE]") stream.done = true;
    else if (event.name === "x402-charge") stream.charge = JSON.parse(event.data);
    else if (event.name === "x402-cutoff") stream.cutOff = true;
    else if (event.name === null && event.data.startsWith("{")) {
      const chunk = JSON.parse(event.data);
      const piece = chunk.choices?.[0]?.delta?.content;
      if (piece) {
        stream.tokens += 1;
        stream.text += piece;
      }
      if (chunk.usage) stream.usage = chunk.usage;
    }
  }
  return stream;
}

async function main() {
  const report = { payer: null, paid: 0, deposits: 0, correctives: 0, streams: [], errors: [] };
  try {
    if (!/^0x[0-9a-fA-F]{64}$/.test(env.PAYER_KEY ?? "")) throw new Error("PAYER_KEY must be 0x + 64 hex digits");
    const account = privateKeyToAccount(env.PAYER_KEY);
    report.payer = account.address;
    const signer = toClientEvmSigner(account, createPublicClient({ transport: http(env.RPC_URL) }));
    const client = new x402Client()
      .register(settings.network, new BatchSettlementEvmScheme(signer, { storage: new InMemoryClientChannelStorage() }))
      .setSpendControls({ allowedAssets: [{ network: settings.network, asset: env.TOKEN }] });
    const pay = wrapFetchWithPayment(loggedFetch, client);
    for (let i = 0; i < settings.streams; i += 1) {
      const stream = await streamOnce(pay, i);
      report.streams.push(stream);
      if (stream.status !== 200 || !stream.charge?.chargedAmount || !stream.done) {
        report.errors.push(`stream ${i + 1}: status ${stream.status}, charge event ${JSON.stringify(stream.charge)}, done ${stream.done}: ${stream.text}`);
      }
    }
  } catch (error) {
    report.errors.push(`unexpected: ${error?.stack ?? error}`);
  }
  report.paid = attempts.filter((a) => a.status === 200).length;
  report.deposits = attempts.filter((a) => a.status === 200 && a.type === "deposit").length;
  report.correctives = attempts.filter((a) => a.status === 402).length;
  for (const error of report.errors) console.error(`pay-stream: ${error}`);
  console.log(JSON.stringify(report));
  process.exitCode = report.errors.length === 0 ? 0 : 1;
}

await main();
