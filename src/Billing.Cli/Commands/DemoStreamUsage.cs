namespace Billing.Cli.Commands;

/// <summary>One streamed completion as the agent saw it: the upstream's reported usage and the charge the gateway stated.</summary>
internal sealed record DemoStreamUsage(ulong PromptTokens, ulong CachedTokens, ulong CompletionTokens, UInt128 Charged);
