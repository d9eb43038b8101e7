using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Billing.IntegrationTests.Interop;

/// <summary>The JSON line tests/interop/pay-stream.mjs prints: the streams the official client paid for, as it read them.</summary>
public sealed record OfficialStreamReport
{
    [JsonPropertyName("payer")]
    public string? Payer { get; init; }

    /// <summary>Paid attempts answered 200.</summary>
    [JsonPropertyName("paid")]
    public int Paid { get; init; }

    [JsonPropertyName("deposits")]
    public int Deposits { get; init; }

    /// <summary>Paid attempts answered 402, each followed by the client's own recovery.</summary>
    [JsonPropertyName("correctives")]
    public int Correctives { get; init; }

    [JsonPropertyName("streams")]
    public IReadOnlyList<OfficialStream> Streams { get; init; } = [];

    [JsonPropertyName("errors")]
    public IReadOnlyList<string> Errors { get; init; } = [];
}

/// <summary>One streamed completion: the text deltas received, the upstream's usage chunk and the gateway's charge event.</summary>
public sealed record OfficialStream
{
    [JsonPropertyName("status")]
    public int Status { get; init; }

    /// <summary>The X-Billing-Reserved header: the ceiling the voucher covered.</summary>
    [JsonPropertyName("reserved")]
    public string? Reserved { get; init; }

    [JsonPropertyName("tokens")]
    public int Tokens { get; init; }

    [JsonPropertyName("text")]
    public string Text { get; init; } = "";

    [JsonPropertyName("usage")]
    public JsonObject? Usage { get; init; }

    /// <summary>The data of the stream's x402-charge event.</summary>
    [JsonPropertyName("charge")]
    public JsonObject? Charge { get; init; }

    [JsonPropertyName("cutOff")]
    public bool CutOff { get; init; }

    [JsonPropertyName("done")]
    public bool Done { get; init; }
}
