// A stream's actual charge, adopted by the official x402 client before its next voucher.
//
// The official batch-settlement client signs `maxClaimableAmount = stored chargedCumulativeAmount + requirements.amount`
// and learns a charge only from the PAYMENT-RESPONSE header, which a metered stream sends before its charge is known
// (it states the reserved ceiling). Left alone, the client's next voucher is too high by the unused part of the
// ceiling and costs a corrective 402. The gateway closes every paid stream with the actual charge as an SSE comment,
// `: x402-charge {json}`; this fetch wrapper watches for it as the bytes pass on, unchanged, to the caller, and writes
// the charged total into the client's own channel storage (the `storage` option of `BatchSettlementEvmScheme`), so the
// next voucher is right the first time.
//
// It only ever lowers the stored total, and never below what it was before the stream: the adopted figure must lie in
// [stored − header's chargedAmount, stored]. A gateway that reports anything else is ignored (the client then falls
// back on the corrective 402, as without this wrapper).

export const ChargeComment = ": x402-charge ";

// Passes a paid stream on unchanged and hands each charge comment it carries to `onCharge` (awaited before the bytes
// that follow it reach the caller).
export function watchingCharges(fetchImpl, onCharge) {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (!isPaidStream(response)) return response;
    return watchStream(response, (charge) => onCharge(charge, response));
  };
}

export function adoptStreamCharges(fetchWithPayment, storage, { decodeReceipt }) {
  return watchingCharges(fetchWithPayment, (charge, response) => adopt(storage, charge, reservedAmount(response, decodeReceipt)));
}

export function isPaidStream(response) {
  return response.status === 200 && (response.headers.get("content-type") ?? "").includes("text/event-stream");
}

function watchStream(response, onCharge) {
  const decoder = new TextDecoder();
  let pending = "";
  const watch = new TransformStream({
    async transform(bytes, controller) {
      pending += decoder.decode(bytes, { stream: true });
      let end;
      while ((end = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, end).replace(/\r$/, "");
        pending = pending.slice(end + 1);
        const charge = line.startsWith(ChargeComment) ? parseCharge(line.slice(ChargeComment.length)) : null;
        if (charge !== null) await onCharge(charge);
      }
      controller.enqueue(bytes);
    },
  });
  return new Response(response.body.pipeThrough(watch), { status: response.status, statusText: response.statusText, headers: response.headers });
}

// A comment that is not JSON is skipped: what the caller reads must never break on what this wrapper watches for.
function parseCharge(text) {
  try {
    const charge = JSON.parse(text);
    return typeof charge === "object" ? charge : null;
  } catch {
    return null;
  }
}

function reservedAmount(response, decodeReceipt) {
  try {
    const receipt = decodeReceipt?.(response.headers.get("PAYMENT-RESPONSE"));
    const amount = receipt?.extra?.chargedAmount;
    return typeof amount === "string" && /^\d+$/.test(amount) ? BigInt(amount) : null;
  } catch {
    return null;
  }
}

async function adopt(storage, charge, reserved) {
  if (reserved === null || typeof charge?.channelId !== "string" || !/^\d+$/.test(charge.chargedCumulativeAmount ?? "")) return;
  const key = charge.channelId.toLowerCase();
  const record = await storage.get(key);
  if (!record || !/^\d+$/.test(record.chargedCumulativeAmount ?? "")) return;
  const stored = BigInt(record.chargedCumulativeAmount);
  const actual = BigInt(charge.chargedCumulativeAmount);
  if (actual > stored || actual < stored - reserved) return;
  await storage.set(key, { ...record, chargedCumulativeAmount: actual.toString() });
}
