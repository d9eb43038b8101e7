using System.Text.Json.Serialization;

namespace Billing.IntegrationTests.Interop;

/// <summary>The JSON line tests/interop/pay-sdks.mjs prints: what the OpenAI SDKs returned when they paid through the gateway.</summary>
public sealed record SdkClientReport
{
    [JsonPropertyName("payer")]
    public string? Payer { get; init; }

    [JsonPropertyName("calls")]
    public IReadOnlyList<SdkCall> Calls { get; init; } = [];

    /// <summary>Every paid answer's charge as the caller saw it: a JSON answer's receipt, a stream's charge comment.</summary>
    [JsonPropertyName("charges")]
    public IReadOnlyList<SeenCharge> Charges { get; init; } = [];

    /// <summary>Unpaid requests answered 402: the official client sends every request unpaid first, by its design.</summary>
    [JsonPropertyName("challenges")]
    public int Challenges { get; init; }

    /// <summary>Paid attempts answered 200.</summary>
    [JsonPropertyName("paid")]
    public int Paid { get; init; }

    [JsonPropertyName("deposits")]
    public int Deposits { get; init; }

    /// <summary>Paid attempts answered 402 (a voucher the server corrected).</summary>
    [JsonPropertyName("correctives")]
    public int Correctives { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<string> Errors { get; init; } = [];
}

/// <summary>One SDK call: which client made it, the text it returned, how it said it finished, and its charge.</summary>
public sealed record SdkCall
{
    [JsonPropertyName("client")]
    public string Client { get; init; } = "";

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("finishReason")]
    public string? FinishReason { get; init; }

    [JsonPropertyName("charged")]
    public string? Charged { get; init; }

    /// <summary>Paid attempts of this call answered 402 before it was served.</summary>
    [JsonPropertyName("correctives")]
    public int Correctives { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>A charge as a caller saw it.</summary>
public sealed record SeenCharge
{
    [JsonPropertyName("stream")]
    public bool Stream { get; init; }

    [JsonPropertyName("charged")]
    public string? Charged { get; init; }

    [JsonPropertyName("chargedCumulative")]
    public string? ChargedCumulative { get; init; }
}

/// <summary>The JSON line tests/interop/pay-parallel.mjs prints: one payer's concurrent workers, one salted channel each.</summary>
public sealed record ParallelSdkReport
{
    [JsonPropertyName("workers")]
    public IReadOnlyList<ParallelWorker> Workers { get; init; } = [];

    [JsonPropertyName("errors")]
    public IReadOnlyList<string> Errors { get; init; } = [];
}

/// <summary>One worker: its channel's salt, the streams it completed and the charges it read from them.</summary>
public sealed record ParallelWorker
{
    [JsonPropertyName("salt")]
    public string Salt { get; init; } = "";

    [JsonPropertyName("streams")]
    public int Streams { get; init; }

    [JsonPropertyName("charged")]
    public string Charged { get; init; } = "0";

    [JsonPropertyName("channelId")]
    public string? ChannelId { get; init; }

    [JsonPropertyName("chargedCumulative")]
    public string? ChargedCumulative { get; init; }

    /// <summary>Paid attempts of this worker answered 402 (a voucher the server corrected).</summary>
    [JsonPropertyName("correctives")]
    public int Correctives { get; init; }
}
