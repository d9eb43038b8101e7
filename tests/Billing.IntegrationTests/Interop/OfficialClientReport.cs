using System.Text.Json.Serialization;

namespace Billing.IntegrationTests.Interop;

/// <summary>The JSON line tests/interop/pay-ours.mjs prints: what the official client did and what it believes.</summary>
public sealed record OfficialClientReport
{
    [JsonPropertyName("step")]
    public string? Step { get; init; }

    [JsonPropertyName("payer")]
    public string? Payer { get; init; }

    /// <summary>The channel id as the official client computes it (its own EIP-712 code, not ours).</summary>
    [JsonPropertyName("channelId")]
    public string? ChannelId { get; init; }

    /// <summary>Requests that ended in 200 with a successful PAYMENT-RESPONSE.</summary>
    [JsonPropertyName("paid")]
    public int Paid { get; init; }

    [JsonPropertyName("deposits")]
    public int Deposits { get; init; }

    [JsonPropertyName("depositTx")]
    public string? DepositTx { get; init; }

    /// <summary>The sum of every receipt's chargedAmount.</summary>
    [JsonPropertyName("chargedTotal")]
    public string? ChargedTotal { get; init; }

    /// <summary>The last receipt's channelState.chargedCumulativeAmount: what our server says it charged.</summary>
    [JsonPropertyName("chargedCumulative")]
    public string? ChargedCumulative { get; init; }

    /// <summary>chargedCumulativeAmount in the client's own channel storage.</summary>
    [JsonPropertyName("clientBelieves")]
    public string? ClientBelieves { get; init; }

    [JsonPropertyName("corrected")]
    public bool Corrected { get; init; }

    [JsonPropertyName("refunded")]
    public string? Refunded { get; init; }

    [JsonPropertyName("refundTx")]
    public string? RefundTx { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<string> Errors { get; init; } = [];
}
