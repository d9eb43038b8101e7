namespace Billing.Server.Gateway;

/// <summary>
/// What one stream chunk carries: its output and reasoning tokens by the <see cref="DeltaTokens"/> rule, and whether it
/// has a <c>usage</c> object (read with <see cref="ReportedUsage"/>; only the usage chunk has one).
/// </summary>
public readonly record struct ChunkTokens(ulong Output, ulong Reasoning, bool HasUsage);
