namespace Billing.Core.Pricing;

/// <summary>
/// The priced kinds of token. Each token of a request is counted in exactly one kind (see <see cref="UsageQuantities"/>).
/// </summary>
public enum TokenKind
{
    /// <summary>Prompt tokens read fresh, excluding cached and cache-write tokens.</summary>
    Input,

    /// <summary>Prompt tokens served from the provider's prompt cache.</summary>
    CachedInput,

    /// <summary>Prompt tokens written into the provider's prompt cache.</summary>
    CacheWrite,

    /// <summary>Visible completion tokens, excluding reasoning tokens.</summary>
    Output,

    /// <summary>Hidden reasoning tokens the model generated.</summary>
    Reasoning,
}
