namespace Billing.Core.Channels;

public enum RequestStage
{
    Authorized = 1,
    Committed = 2,
    Voided = 3,
    Rejected = 4,

    /// <summary>The reservation lapsed unrenewed; a late commit may still charge within what its voucher signed.</summary>
    Expired = 5,
}

/// <summary>
/// What the ledger did for one request id, kept so a retry with the same content gets the same answer and a retry with
/// different content is refused.
/// </summary>
public sealed class RequestRecord
{
    public required string RequestId { get; init; }

    public required UInt128 SignedMaxClaimable { get; init; }

    public required UInt128 Ceiling { get; init; }

    public required RequestStage Stage { get; set; }

    public LedgerRejection Rejection { get; set; }

    /// <summary>The charge committed in atomic units; meaningful when <see cref="Stage"/> is Committed.</summary>
    public UInt128 Charged { get; set; }

    /// <summary>The exact (sub-unit) charge a metered commit asked for, so its replay can be recognised.</summary>
    public UInt128 ExactSubUnits { get; set; }
}
