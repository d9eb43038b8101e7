// Pieces the interop scripts share: reading their environment and decoding x402 headers without throwing.
import { isAddress } from "viem";

// Reads settings from the environment, collecting every problem instead of stopping at the first.
export class SettingsReader {
  constructor(env) {
    this.env = env;
    this.problems = [];
  }

  required(name) {
    const value = this.env[name];
    if (!value) this.problems.push(`${name} is not set`);
    return value ?? "";
  }

  positiveInteger(name, fallback) {
    const text = this.env[name] ?? String(fallback);
    if (!/^[1-9]\d*$/.test(text)) this.problems.push(`${name} must be a positive integer, got '${text}'`);
    return Number(text);
  }

  // Never echoes the key itself: only says what is wrong with its shape.
  checkPayer(settings) {
    if (settings.payerKey && !/^0x[0-9a-fA-F]{64}$/.test(settings.payerKey)) this.problems.push("PAYER_KEY must be 0x + 64 hex digits");
    if (settings.token && !isAddress(settings.token, { strict: false })) this.problems.push(`TOKEN is not an address: '${settings.token}'`);
  }
}

export function tryDecode(decode, header) {
  if (!header) return undefined;
  try {
    return decode(header);
  } catch (error) {
    return { undecodable: header.slice(0, 80), reason: String(error) };
  }
}
