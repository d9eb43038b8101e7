using Billing.Evm.Rpc;

namespace Billing.Server.Settlement;

/// <summary>How a claim batch's transaction ended for this run.</summary>
internal abstract record ClaimOutcome
{
    /// <summary>Confirmed on chain at the configured depth (succeeded or reverted).</summary>
    public sealed record Mined(TransactionReceipt Receipt) : ClaimOutcome;

    /// <summary>Not mined within Settlement:ReceiptTimeout; the next run resumes it.</summary>
    public sealed record Pending : ClaimOutcome;

    /// <summary>Its nonce was consumed by a transaction that is none of ours for this batch: re-evaluate from the chain.</summary>
    public sealed record Superseded : ClaimOutcome;
}
