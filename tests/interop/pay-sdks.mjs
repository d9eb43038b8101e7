// Calls our metered gateway with the clients people already use, written as their documentation shows, and pays with
// the OFFICIAL x402 client plugged in as their `fetch`: the `openai` SDK (`new OpenAI({ fetch })`, a streaming loop and a
// plain completion, the Responses API streamed) and the AI SDK (`createOpenAI({ fetch })`, `streamText` and
// `generateText`, on chat completions and on its default, the Responses API). All of them share one
// x402 client, so they pay from one channel. Reports as one JSON line on stdout what each call returned, how it ended
// and what it was charged; diagnostics go to stderr.
//
// The charge a caller sees: a JSON answer's PAYMENT-RESPONSE header; for a stream, the gateway's closing comment line
// `: x402-charge {json}` (its PAYMENT-RESPONSE went out before the charge was known), read as the bytes pass on to the
// SDK, which skips comments.
//
// Env: SERVER_URL, RPC_URL, CHAIN_ID (31337), PAYER_KEY (0x + 64 hex), TOKEN (address), ROUNDS (1),
//      CALLS (openai-stream,openai-json,ai-stream,ai-generate, or any of openai-responses-stream,
//      ai-responses-stream, ai-responses-generate), MAX_TOKENS (24), REQUEST_TIMEOUT_MS (30000),
//      ADOPT_STREAM_CHARGES (1: write each stream's closing charge into the client's channel storage, see
//      stream-charges.mjs; otherwise the client learns it from a corrective 402).
// Exit code: 0 when every call returned text without an error, 1 otherwise (the reasons are in "errors").

import OpenAI from "openai";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText } from "ai";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { toClientEvmSigner } from "@x402/evm";
import { BatchSettlementEvmScheme, InMemoryClientChannelStorage } from "@x402/evm/batch-settlement/client";
import { decodePaymentResponseHeader, decodePaymentSignatureHeader } from "@x402/core/http";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { SettingsReader, tryDecode } from "./harness.mjs";
import { adoptStreamCharges, isPaidStream, watchingCharges } from "./stream-charges.mjs";

function readSettings(env) {
  const reader = new SettingsReader(env);
  const settings = {
    serverUrl: reader.required("SERVER_URL"),
    rpcUrl: reader.required("RPC_URL"),
    chainId: reader.positiveInteger("CHAIN_ID", 31337),
    payerKey: reader.required("PAYER_KEY"),
    token: reader.required("TOKEN"),
    rounds: reader.positiveInteger("ROUNDS", 1),
    calls: (env.CALLS || "openai-stream,openai-json,ai-stream,ai-generate").split(","),
    maxTokens: reader.positiveInteger("MAX_TOKENS", 24),
    timeoutMs: reader.positiveInteger("REQUEST_TIMEOUT_MS", 30000),
    adoptStreamCharges: env.ADOPT_STREAM_CHARGES === "1",
  };
  reader.checkPayer(settings);
  if (reader.problems.length > 0) throw new Error(`bad settings: ${reader.problems.join("; ")}`);
  settings.network = `eip155:${settings.chainId}`;
  settings.baseURL = new URL("/v1", settings.serverUrl).toString();
  return settings;
}

// Every request on the wire: unpaid challenges and paid attempts, with the server's status.
const attempts = [];

// Every paid answer's charge as the caller saw it, in order.
const charges = [];

function transportFetch(timeoutMs) {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const signature = request.headers.get("PAYMENT-SIGNATURE");
    const response = await fetch(request, { signal: AbortSignal.timeout(timeoutMs) });
    attempts.push({ paid: signature !== null, status: response.status, type: signature ? tryDecode(decodePaymentSignatureHeader, signature)?.payload?.type : undefined });
    return response;
  };
}

// Records the charge of each paid answer on its way to the SDK, changing nothing the SDK reads.
function recordingCharges(pay) {
  return async (input, init) => {
    const record = { stream: false, charged: null, chargedCumulative: null };
    const response = await watchingCharges(pay, (charge) => {
      record.charged = charge.chargedAmount ?? null;
      record.chargedCumulative = charge.chargedCumulativeAmount ?? null;
    })(input, init);
    if (response.status !== 200) return response;
    charges.push(record);
    record.stream = isPaidStream(response);
    if (!record.stream) {
      const receipt = tryDecode(decodePaymentResponseHeader, response.headers.get("PAYMENT-RESPONSE"));
      record.charged = receipt?.extra?.chargedAmount ?? null;
      record.chargedCumulative = receipt?.extra?.channelState?.chargedCumulativeAmount ?? null;
    }
    return response;
  };
}

function prompt(round, call) {
  return `round ${round + 1}, ${call}: tell me how vouchers settle on chain`;
}

// The openai SDK's documented streaming loop.
async function openaiStream(openai, settings, text) {
  const stream = await openai.chat.completions.create({
    model: "demo",
    messages: [{ role: "user", content: text }],
    max_tokens: settings.maxTokens,
    stream: true,
  });
  let content = "";
  let finishReason = null;
  for await (const chunk of stream) {
    content += chunk.choices[0]?.delta?.content || "";
    finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
  }
  return { text: content, finishReason };
}

async function openaiJson(openai, settings, text) {
  const completion = await openai.chat.completions.create({
    model: "demo",
    messages: [{ role: "user", content: text }],
    max_tokens: settings.maxTokens,
  });
  return { text: completion.choices[0].message.content, finishReason: completion.choices[0].finish_reason, usage: completion.usage };
}

async function aiStream(provider, settings, text, model = provider.chat("demo")) {
  const streamErrors = [];
  const result = streamText({
    model,
    prompt: text,
    maxOutputTokens: settings.maxTokens,
    onError: ({ error }) => streamErrors.push(String(error?.stack ?? error)),
  });
  let content = "";
  for await (const piece of result.textStream) content += piece;
  const finishReason = await result.finishReason;
  if (streamErrors.length > 0) throw new Error(streamErrors.join("; "));
  return { text: content, finishReason, usage: await result.usage };
}

async function aiGenerate(provider, settings, text) {
  const result = await generateText({ model: provider.chat("demo"), prompt: text, maxOutputTokens: settings.maxTokens });
  return { text: result.text, finishReason: result.finishReason, usage: result.usage };
}

// The openai SDK's Responses API, streamed.
async function openaiResponsesStream(openai, settings, text) {
  const stream = await openai.responses.create({ model: "demo", input: text, max_output_tokens: settings.maxTokens, stream: true });
  let content = "";
  let finishReason = null;
  for await (const event of stream) {
    if (event.type === "response.output_text.delta") content += event.delta;
    if (event.type === "response.completed") finishReason = "stop";
    if (event.type === "response.incomplete") finishReason = event.response.incomplete_details?.reason === "max_output_tokens" ? "length" : "other";
  }
  return { text: content, finishReason };
}

// The AI SDK's default model, `provider("demo")`, speaks the Responses API.
async function aiResponsesStream(provider, settings, text) {
  return aiStream(provider, settings, text, provider("demo"));
}

async function aiResponsesGenerate(provider, settings, text) {
  const result = await generateText({ model: provider("demo"), prompt: text, maxOutputTokens: settings.maxTokens });
  return { text: result.text, finishReason: result.finishReason, usage: result.usage };
}

async function main() {
  const report = { payer: null, calls: [], charges, challenges: 0, paid: 0, deposits: 0, correctives: 0, errors: [] };
  try {
    const settings = readSettings(process.env);
    const account = privateKeyToAccount(settings.payerKey);
    report.payer = account.address;
    const signer = toClientEvmSigner(account, createPublicClient({ transport: http(settings.rpcUrl) }));
    const storage = new InMemoryClientChannelStorage();
    const client = new x402Client()
      .register(settings.network, new BatchSettlementEvmScheme(signer, { storage }))
      .setSpendControls({ allowedAssets: [{ network: settings.network, asset: settings.token }] });
    const paying = wrapFetchWithPayment(transportFetch(settings.timeoutMs), client);
    const fetchWithPayment = recordingCharges(
      settings.adoptStreamCharges ? adoptStreamCharges(paying, storage, { decodeReceipt: decodePaymentResponseHeader }) : paying,
    );

    // As the SDKs' documentation shows, with the paying fetch in place of the default one.
    const openai = new OpenAI({ baseURL: settings.baseURL, apiKey: "unused", fetch: fetchWithPayment, maxRetries: 0 });
    const provider = createOpenAI({ baseURL: settings.baseURL, apiKey: "unused", fetch: fetchWithPayment });
    const run = {
      "openai-stream": (text) => openaiStream(openai, settings, text),
      "openai-json": (text) => openaiJson(openai, settings, text),
      "ai-stream": (text) => aiStream(provider, settings, text),
      "ai-generate": (text) => aiGenerate(provider, settings, text),
      "openai-responses-stream": (text) => openaiResponsesStream(openai, settings, text),
      "ai-responses-stream": (text) => aiResponsesStream(provider, settings, text),
      "ai-responses-generate": (text) => aiResponsesGenerate(provider, settings, text),
    };

    for (let round = 0; round < settings.rounds; round += 1) {
      for (const call of settings.calls) {
        const seen = charges.length;
        const sent = attempts.length;
        const outcome = { client: call, text: "", finishReason: null, charged: null, correctives: 0, error: null };
        try {
          if (!run[call]) throw new Error(`unknown call '${call}'`);
          Object.assign(outcome, await run[call](prompt(round, call)));
          outcome.charged = charges.length === seen + 1 ? charges[seen].charged : null;
          if (!outcome.text) throw new Error("no text");
          if (outcome.charged === null) throw new Error(`saw ${charges.length - seen} charges, expected one`);
        } catch (error) {
          outcome.error = String(error?.stack ?? error);
          report.errors.push(`${call} (round ${round + 1}): ${outcome.error}`);
        }
        outcome.correctives = attempts.slice(sent).filter((a) => a.paid && a.status === 402).length;
        report.calls.push(outcome);
      }
    }
  } catch (error) {
    report.errors.push(`unexpected: ${error?.stack ?? error}`);
  }
  report.challenges = attempts.filter((a) => !a.paid && a.status === 402).length;
  report.paid = attempts.filter((a) => a.paid && a.status === 200).length;
  report.deposits = attempts.filter((a) => a.paid && a.status === 200 && a.type === "deposit").length;
  report.correctives = attempts.filter((a) => a.paid && a.status === 402).length;
  for (const error of report.errors) console.error(`pay-sdks: ${error}`);
  console.log(JSON.stringify(report));
  process.exitCode = report.errors.length === 0 ? 0 : 1;
}

await main();
