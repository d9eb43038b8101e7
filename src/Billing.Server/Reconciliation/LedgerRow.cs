using System.Text.Json.Serialization;

namespace Billing.Server.Reconciliation;

/// <summary>
/// One charge of the exported ledger with the claim transaction that collected it (empty while no claim has reached the
/// charge's position). Amounts are decimal strings of atomic units; the JSON names are the CSV header's.
/// </summary>
public sealed record LedgerRow(
    [property: JsonPropertyName("channel_id")] string ChannelId,
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("amount")] string Amount,
    [property: JsonPropertyName("cumulative_charged")] string CumulativeCharged,
    [property: JsonPropertyName("charged_at")] DateTimeOffset ChargedAt,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("input_tokens")] ulong InputTokens,
    [property: JsonPropertyName("output_tokens")] ulong OutputTokens,
    [property: JsonPropertyName("claim_tx")] string ClaimTransaction,
    [property: JsonPropertyName("claim_block")] ulong? ClaimBlock);
