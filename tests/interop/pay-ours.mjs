// Pays our x402 server with the OFFICIAL npm client (@x402/fetch + @x402/evm's batch-settlement client), used exactly as
// an agent would use it, and reports what happened as one JSON line on stdout. Diagnostics go to stderr.
//
// Steps (STEP=all runs deposit, vouchers and corrective; refund is separate until the server accepts refund payloads):
//   deposit     the first paid request: the client finds no channel on chain and opens it with an ERC-3009 deposit
//   vouchers    REQUESTS paid requests, each a cumulative voucher; the client's belief must follow the server's receipts
//   corrective  a new client with empty local storage pays once: our server answers with a corrective 402
//               (cumulative_amount_mismatch + channelState + voucherState) and the client must recover and retry
//   refund      the client asks for a cooperative refund of its unspent balance (scheme.refund)
//
// Env: SERVER_URL, RESOURCE_PATH (/v1/fortune), RPC_URL, CHAIN_ID (31337), PAYER_KEY (0x + 64 hex), TOKEN (address),
//      REQUESTS (50), STEP (all), STATE_DIR (optional: keep the client's channel records in files, so that separate
//      STEP runs continue one client), REQUEST_TIMEOUT_MS (30000).
// Exit code: 0 when every step did what the scheme says, 1 otherwise (the reasons are in "errors").

import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { toClientEvmSigner } from "@x402/evm";
import {
  BatchSettlementEvmScheme,
  InMemoryClientChannelStorage,
  computeChannelId,
} from "@x402/evm/batch-settlement/client";
import { FileClientChannelStorage } from "@x402/evm/batch-settlement/client/file-storage";
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  decodePaymentSignatureHeader,
} from "@x402/core/http";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { SettingsReader, tryDecode } from "./harness.mjs";

const CORRECTIVE_ERRORS = new Set([
  "invalid_batch_settlement_evm_cumulative_amount_mismatch",
  "invalid_batch_settlement_evm_cumulative_below_claimed",
]);
const STEPS = ["all", "deposit", "vouchers", "corrective", "refund"];

class StepFailure extends Error {}

function readSettings(env) {
  const reader = new SettingsReader(env);
  const required = (name) => reader.required(name);
  const positiveInteger = (name, fallback) => reader.positiveInteger(name, fallback);
  const problems = reader.problems;

  const settings = {
    serverUrl: required("SERVER_URL"),
    resourcePath: env.RESOURCE_PATH || "/v1/fortune",
    rpcUrl: required("RPC_URL"),
    chainId: positiveInteger("CHAIN_ID", 31337),
    payerKey: required("PAYER_KEY"),
    token: required("TOKEN"),
    requests: positiveInteger("REQUESTS", 50),
    step: env.STEP || "all",
    stateDir: env.STATE_DIR || undefined,
    requestTimeoutMs: positiveInteger("REQUEST_TIMEOUT_MS", 30000),
  };
  reader.checkPayer(settings);
  if (!STEPS.includes(settings.step)) problems.push(`STEP must be one of ${STEPS.join("|")}, got '${settings.step}'`);
  if (problems.length > 0) throw new StepFailure(`bad settings: ${problems.join("; ")}`);
  settings.network = `eip155:${settings.chainId}`;
  settings.url = new URL(settings.resourcePath, settings.serverUrl).toString();
  return settings;
}

// Every HTTP exchange the official client makes, decoded, so a failure names the server's own reason.
class ExchangeLog {
  constructor(timeoutMs) {
    this.entries = [];
    this.timeoutMs = timeoutMs;
    this.fetch = this.fetch.bind(this);
  }

  async fetch(input, init) {
    const request = input instanceof Request ? input : new Request(input, init);
    const sent = tryDecode(decodePaymentSignatureHeader, request.headers.get("PAYMENT-SIGNATURE"));
    const response = await fetch(request, { signal: AbortSignal.timeout(this.timeoutMs) });
    this.entries.push({
      message: response.status >= 400 ? messageOf(await response.clone().text()) : undefined,
      payloadType: sent?.payload?.type,
      maxClaimableAmount: sent?.payload?.voucher?.maxClaimableAmount,
      depositAmount: sent?.payload?.deposit?.amount,
      status: response.status,
      required: tryDecode(decodePaymentRequiredHeader, response.headers.get("PAYMENT-REQUIRED")),
      receipt: tryDecode(decodePaymentResponseHeader, response.headers.get("PAYMENT-RESPONSE")),
    });
    return response;
  }

  since(mark) {
    return this.entries.slice(mark);
  }

  firstOffer(network) {
    for (const entry of this.entries) {
      const offer = entry.required?.accepts?.find((a) => a.scheme === "batch-settlement" && a.network === network);
      if (offer) return offer;
    }
    return undefined;
  }
}

function messageOf(body) {
  try {
    return JSON.parse(body)?.message ?? undefined;
  } catch {
    return body.slice(0, 200) || undefined;
  }
}

function describe(entry) {
  const reason = entry.receipt?.errorReason ?? entry.required?.error;
  const kind = entry.payloadType ? `${entry.payloadType} payment` : "unpaid request";
  const says = entry.message ? `: ${entry.message}` : "";
  return `${kind} -> HTTP ${entry.status}${reason ? ` (${reason}${says})` : says}`;
}

function trail(exchanges) {
  return exchanges.length === 0 ? "no HTTP exchange was made" : exchanges.map(describe).join(", ");
}

// One client as an agent would set it up: a viem account, a public client so the scheme can read channels() from the
// chain, the batch-settlement scheme registered for this network, and our token allowed (31337 has no default asset).
function createAgent(settings, signer, storage, log) {
  const scheme = new BatchSettlementEvmScheme(signer, { storage });
  const client = new x402Client()
    .register(settings.network, scheme)
    .setSpendControls({ allowedAssets: [{ network: settings.network, asset: settings.token }] });
  return { scheme, storage, pay: wrapFetchWithPayment(log.fetch, client) };
}

function emptyReport(step, payer) {
  return {
    step,
    payer,
    channelId: null,
    paid: 0,
    deposits: 0,
    depositTx: null,
    chargedTotal: "0",
    chargedCumulative: null,
    clientBelieves: null,
    corrected: false,
    refunded: null,
    refundTx: null,
    errors: [],
  };
}

class Run {
  constructor(settings, signer, log) {
    this.settings = settings;
    this.signer = signer;
    this.log = log;
    this.report = emptyReport(settings.step, signer.address);
    const storage = settings.stateDir
      ? new FileClientChannelStorage({ directory: settings.stateDir })
      : new InMemoryClientChannelStorage();
    this.agent = createAgent(settings, signer, storage, log);
  }

  // One paid request through the official client; returns the exchanges it made. Throws with the server's reason
  // unless it ended in a 200 with a successful PAYMENT-RESPONSE.
  async payOnce(label) {
    const mark = this.log.entries.length;
    let response;
    try {
      response = await this.agent.pay(this.settings.url, { method: "GET" });
    } catch (error) {
      throw new StepFailure(`${label}: the official client threw: ${error.message}; ${trail(this.log.since(mark))}`);
    }
    await response.arrayBuffer();
    const exchanges = this.log.since(mark);
    const last = exchanges.at(-1);
    if (response.status !== 200 || !last?.receipt || last.receipt.success !== true) {
      throw new StepFailure(`${label}: expected 200 with a successful PAYMENT-RESPONSE; ${trail(exchanges)}`);
    }
    this.account(last);
    await this.checkBelief(label);
    return exchanges;
  }

  account(entry) {
    const extra = entry.receipt.extra ?? {};
    this.report.paid += 1;
    this.report.chargedTotal = (BigInt(this.report.chargedTotal) + BigInt(extra.chargedAmount ?? "0")).toString();
    this.report.chargedCumulative = extra.channelState?.chargedCumulativeAmount ?? this.report.chargedCumulative;
    if (entry.payloadType === "deposit") {
      this.report.deposits += 1;
      this.report.depositTx ??= entry.receipt.transaction;
    }
  }

  channelId() {
    const offer = this.log.firstOffer(this.settings.network);
    if (!offer) {
      throw new StepFailure(`the server offered no batch-settlement on ${this.settings.network}: ${trail(this.log.entries)}`);
    }
    this.report.channelId ??= computeChannelId(this.agent.scheme.buildChannelConfig(offer), this.settings.network);
    return this.report.channelId;
  }

  async belief() {
    const record = await this.agent.storage.get(this.channelId().toLowerCase());
    return record?.chargedCumulativeAmount ?? null;
  }

  // The client silently drops a receipt whose running total disagrees with its own; catching that here names the
  // request where it happened instead of waiting for a corrective 402 later.
  async checkBelief(label) {
    this.report.clientBelieves = await this.belief();
    if (this.report.clientBelieves !== this.report.chargedCumulative) {
      throw new StepFailure(
        `${label}: the client believes ${this.report.clientBelieves} was charged, the server's receipt says ${this.report.chargedCumulative}`);
    }
  }

  async deposit() {
    const exchanges = await this.payOnce("deposit");
    const paid = exchanges.at(-1);
    if (paid.payloadType !== "deposit") {
      throw new StepFailure(`deposit: the first payment was a '${paid.payloadType}' payload, not a deposit (does the channel exist already?)`);
    }
    if (!/^0x[0-9a-fA-F]{64}$/.test(paid.receipt.transaction ?? "")) {
      throw new StepFailure(`deposit: PAYMENT-RESPONSE.transaction is '${paid.receipt.transaction}', not a transaction hash`);
    }
    if (paid.receipt.amount !== paid.depositAmount) {
      throw new StepFailure(`deposit: PAYMENT-RESPONSE.amount is '${paid.receipt.amount}', the client deposited ${paid.depositAmount}`);
    }
  }

  async vouchers() {
    for (let i = 1; i <= this.settings.requests; i += 1) {
      const exchanges = await this.payOnce(`voucher request ${i}`);
      const refused = exchanges.find((e) => e.payloadType && e.status === 402);
      if (refused) {
        throw new StepFailure(`voucher request ${i}: a paid attempt was refused before the retry succeeded: ${describe(refused)}`);
      }
    }
  }

  async corrective() {
    // What an agent that lost its local state looks like: same key, empty storage, a new client.
    const before = this.report.chargedCumulative;
    const fresh = createAgent(this.settings, this.signer, new InMemoryClientChannelStorage(), this.log);
    const persistent = this.agent;
    this.agent = fresh;
    const exchanges = await this.payOnce("corrective request");
    const corrective = exchanges.find((e) => e.payloadType && e.status === 402);
    if (!corrective) {
      throw new StepFailure(`corrective request: the server never sent a corrective 402 (${trail(exchanges)})`);
    }
    if (!CORRECTIVE_ERRORS.has(corrective.required?.error)) {
      throw new StepFailure(`corrective request: the 402 was '${corrective.required?.error}', not a corrective one`);
    }
    const extra = corrective.required.accepts?.find((a) => a.scheme === "batch-settlement")?.extra ?? {};
    if (!extra.channelState?.chargedCumulativeAmount || !extra.voucherState?.signature) {
      throw new StepFailure("corrective request: the corrective 402 lacks channelState.chargedCumulativeAmount or voucherState.signature");
    }
    if (before !== null && extra.channelState.chargedCumulativeAmount !== before) {
      throw new StepFailure(
        `corrective request: the corrective 402 says ${extra.channelState.chargedCumulativeAmount} was charged, the last receipt said ${before}`);
    }
    this.report.corrected = true;
    // Later steps (and later processes, through STATE_DIR) continue from the recovered record.
    const key = this.channelId().toLowerCase();
    await persistent.storage.set(key, await fresh.storage.get(key));
  }

  async refund() {
    this.channelId(); // for the report; the refund probes the route itself
    const mark = this.log.entries.length;
    let settled;
    try {
      settled = await this.agent.scheme.refund(this.settings.url, { fetch: this.log.fetch });
    } catch (error) {
      throw new StepFailure(`refund: ${error.message}; ${trail(this.log.since(mark))}`);
    }
    if (settled?.success !== true) {
      throw new StepFailure(`refund: the server answered success=${settled?.success} (${settled?.errorReason ?? "no reason"})`);
    }
    this.report.refunded = settled.amount ?? "";
    this.report.refundTx = settled.transaction ?? null;
    this.report.clientBelieves = await this.belief();
  }

  async execute() {
    const plan = this.settings.step === "all" ? ["deposit", "vouchers", "corrective"] : [this.settings.step];
    if (plan[0] !== "deposit") {
      // A step that starts mid-channel still needs the offer for the channel id: probe the route unpaid.
      await this.log.fetch(this.settings.url);
    }
    for (const step of plan) {
      await this[step]();
    }
  }
}

async function main() {
  let report = emptyReport(process.env.STEP || "all", null);
  try {
    const settings = readSettings(process.env);
    const account = privateKeyToAccount(settings.payerKey);
    const publicClient = createPublicClient({ transport: http(settings.rpcUrl) });
    const run = new Run(settings, toClientEvmSigner(account, publicClient), new ExchangeLog(settings.requestTimeoutMs));
    report = run.report;
    await run.execute();
  } catch (error) {
    const message = error instanceof StepFailure ? error.message : `unexpected: ${error?.stack ?? error}`;
    console.error(`pay-ours: ${message}`);
    report.errors.push(message);
  }
  console.log(JSON.stringify(report));
  process.exitCode = report.errors.length === 0 ? 0 : 1;
}

await main();
