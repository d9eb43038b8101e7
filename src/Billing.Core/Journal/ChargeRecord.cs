namespace Billing.Core.Journal;

/// <summary>
/// One committed charge as the charge log keeps it: enough to trace every atomic unit a channel charged to the request
/// that caused it and, through <see cref="CumulativeCharged"/>, to the on-chain claim that collected it; and enough to
/// restore the channel's ledger after a crash (the log is the source of truth, grain state a snapshot behind it).
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
    ulong OutputTokens = 0)
{
    /// <summary>
    /// The channel's own count of its records, 1 for its first: the order in which the channel committed them. Charges at
    /// the same position (a charge of zero units) keep their commit order, and recovery reads what follows a snapshot.
    /// </summary>
    public long Sequence { get; init; }

    /// <summary>The highest voucher the channel held right after this charge (what a claim collects with); zero when none.</summary>
    public UInt128 VoucherAmount { get; init; }

    /// <summary>The signature of <see cref="VoucherAmount"/>, lower-case hex without 0x; null when the channel held none.</summary>
    public string? VoucherSignature { get; init; }

    /// <summary>The cumulative amount the request's own voucher signed (to recognise a replay of it); zero for a catch-up.</summary>
    public UInt128 SignedMaxClaimable { get; init; }

    /// <summary>The ceiling the request reserved (to recognise a replay of it); zero for a catch-up.</summary>
    public UInt128 Ceiling { get; init; }

    /// <summary>The exact charge in sub-units the commit asked for (a metered replay is recognised by it).</summary>
    public UInt128 ExactSubUnits { get; init; }

    /// <summary>The channel's carried sub-unit remainder right after this charge.</summary>
    public UInt128 CarriedSubUnits { get; init; }
}
