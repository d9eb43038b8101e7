namespace Billing.Core.Journal;

/// <summary>How a journaled charge came about.</summary>
public enum ChargeKind
{
    /// <summary>A fixed price per call, committed by the payment middleware.</summary>
    Call = 1,

    /// <summary>A metered charge (tokens priced exactly, rounded once with the channel's carry).</summary>
    Metered = 2,

    /// <summary>
    /// Charges restored from a payer's voucher after write-behind durability lost an acknowledged tail (see
    /// <c>ChannelLedger.AllowCatchUp</c>). The request id is the one whose voucher restored them.
    /// </summary>
    CatchUp = 3,
}
