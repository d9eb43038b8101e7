namespace Billing.Core.Journal;

/// <summary>
/// One committed charge as the charge journal keeps it: enough to trace every atomic unit a channel charged to the request
/// that caused it and, through <see cref="CumulativeCharged"/>, to the on-chain claim that collected it.
/// </summary>
/// <param name="ChannelId">0x-prefixed lower-case channel id.</param>
/// <param name="RequestId">With the kind, unique per channel: a replayed request id is never journaled twice.</param>
/// <param name="Amount">Atomic units this charge added.</param>
/// <param name="CumulativeCharged">The channel's charged total right after this charge (its position on the channel).</param>
/// <param name="ChargedAt">When the channel grain committed it.</param>
/// <param name="Model">Metered charges: the model priced, when known.</param>
/// <param name="InputTokens">Metered charges: input tokens (all input kinds together); zero otherwise.</param>
/// <param name="OutputTokens">Metered charges: output tokens (reasoning included); zero otherwise.</param>
public sealed record ChargeRecord(
    string ChannelId,
    string RequestId,
    ChargeKind Kind,
    UInt128 Amount,
    UInt128 CumulativeCharged,
    DateTimeOffset ChargedAt,
    string? Model = null,
    ulong InputTokens = 0,
    ulong OutputTokens = 0);
