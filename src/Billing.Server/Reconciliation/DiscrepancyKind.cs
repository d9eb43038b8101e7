using System.Text.Json.Serialization;

namespace Billing.Server.Reconciliation;

/// <summary>What disagrees. The JSON names are stable: scripts and alerts match on them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DiscrepancyKind>))]
public enum DiscrepancyKind
{
    /// <summary>The chain holds more claimed for a channel than its grain ever charged: money taken without a charge. Serious.</summary>
    [JsonStringEnumMemberName("claimed_exceeds_charged")]
    ClaimedExceedsCharged,

    /// <summary>The charge journal's rows do not add up to what the grain charged (a lost or extra row, a broken position).</summary>
    [JsonStringEnumMemberName("journal_mismatch")]
    JournalMismatch,

    /// <summary>The Claimed events read from the chain disagree with the contract's own totals (a gap in the trace).</summary>
    [JsonStringEnumMemberName("claim_trace_mismatch")]
    ClaimTraceMismatch,

    /// <summary>Charged but not yet claimed: settlement has not run yet. Pending, not wrong.</summary>
    [JsonStringEnumMemberName("unclaimed")]
    Unclaimed,

    /// <summary>Claimed but not yet swept to the receiver with settle. Pending, not wrong.</summary>
    [JsonStringEnumMemberName("unsettled")]
    Unsettled,
}
