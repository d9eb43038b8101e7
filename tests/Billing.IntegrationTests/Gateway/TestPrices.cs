namespace Billing.IntegrationTests.Gateway;

/// <summary>
/// The prices the test gateway is configured with, and the same prices worked out by hand in sub-units
/// (1 atomic unit = 10^6 sub-units, $1 = 10^6 atomic units), so the tests do not trust the parser they exercise.
/// </summary>
internal static class TestPrices
{
    public const string CallText = "$0.0001/call";
    public const string InputText = "$0.15/1M tokens";
    public const string CachedInputText = "$0.075/1M tokens";
    public const string OutputText = "$0.60/1M tokens";

    /// <summary>The embeddings route charges input tokens only, at a price with a fraction of an atomic unit.</summary>
    public const string EmbeddingInputText = "$1.30/1M tokens";

    public const ulong Call = 100_000_000;
    public const ulong Input = 150_000;
    public const ulong CachedInput = 75_000;
    public const ulong Output = 600_000;

    public const ulong EmbeddingInput = 1_300_000;

    public const ulong SubUnitsPerAtomic = 1_000_000;

    /// <summary>The exact charge of a reported usage (prompt includes cached), in sub-units.</summary>
    public static ulong Exact(ulong prompt, ulong cached, ulong completion) =>
        Call + ((prompt - cached) * Input) + (cached * CachedInput) + (completion * Output);
}
