namespace Billing.Abstractions.Settlement;

/// <summary>
/// A claim batch as sent: its id (keccak of its rows), the nonce it holds, every signed transaction broadcast for that
/// nonce, the (receiver, token) it pays (the original and its fee-bumped replacements; signed transactions are public, not secrets) and where it stands.
/// Written before each broadcast, so a restarted silo knows exactly what may be in the pool or on chain.
/// </summary>
[GenerateSerializer, Immutable, Alias("billing.claim-batch-record")]
public sealed record ClaimBatchRecord(
    [property: Id(0)] string BatchId,
    [property: Id(1)] ulong Nonce,
    [property: Id(2)] IReadOnlyList<string> RawTransactions,
    [property: Id(3)] ClaimBatchStatus Status,
    [property: Id(4)] IReadOnlyList<ClaimBatchRow> Rows,
    [property: Id(5)] string Receiver,
    [property: Id(6)] string Token,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] string? MinedTransaction = null,
    [property: Id(9)] string? MinedBlockHash = null);

/// <summary>One row of a claim batch: the channel and the cumulative total the claim sets.</summary>
[GenerateSerializer, Immutable, Alias("billing.claim-batch-row")]
public sealed record ClaimBatchRow(
    [property: Id(0)] string ChannelId,
    [property: Id(1)] UInt128 TotalClaimed);

[GenerateSerializer, Alias("billing.claim-batch-status")]
public enum ClaimBatchStatus
{
    /// <summary>Broadcast, no confirmed receipt yet: resume by looking for a receipt of any of its transactions.</summary>
    Sent = 1,

    /// <summary>Its claim is confirmed and its channels were marked, re-read and swept.</summary>
    Completed = 2,

    /// <summary>
    /// Reverted on chain, its nonce used by another transaction, or its block reorged away: its channels are re-evaluated.
    /// </summary>
    Abandoned = 3,
}
