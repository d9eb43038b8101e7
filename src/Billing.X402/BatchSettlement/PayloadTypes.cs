namespace Billing.X402.BatchSettlement;

/// <summary>Values of the <c>type</c> discriminator of a batch-settlement <c>payload</c>.</summary>
public static class PayloadTypes
{
    /// <summary>Client: open or top up a channel, with the first voucher.</summary>
    public const string Deposit = "deposit";

    /// <summary>Client: pay from an open channel with a new cumulative voucher.</summary>
    public const string Voucher = "voucher";

    /// <summary>Client: ask for the unspent balance back (zero-charge voucher); server: the enriched refund it settles.</summary>
    public const string Refund = "refund";

    /// <summary>Server to facilitator: claim charged vouchers in one batch.</summary>
    public const string Claim = "claim";

    /// <summary>Server to facilitator: sweep claimed funds of (receiver, token) to the receiver.</summary>
    public const string Settle = "settle";
}
