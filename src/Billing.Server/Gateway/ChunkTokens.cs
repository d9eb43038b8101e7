namespace Billing.Server.Gateway;

/// <summary>
/// What one stream chunk carries: its output and reasoning tokens by the <see cref="DeltaTokens"/> rule, whether it
/// has a <c>usage</c> object (read with <see cref="ReportedUsage"/>), and whether it carries a choice at all. OpenAI puts
/// the usage in a chunk of its own with no choices; llama.cpp's server puts it in the last choice's chunk, beside its
/// <c>finish_reason</c>, which the client must still receive.
/// </summary>
public readonly record struct ChunkTokens(ulong Output, ulong Reasoning, bool HasUsage, bool HasChoice = false)
{
    /// <summary>Only usage: nothing a client that did not ask for usage would miss if the chunk were not forwarded.</summary>
    public bool IsUsageOnly => HasUsage && !HasChoice && Output == 0 && Reasoning == 0;
}
