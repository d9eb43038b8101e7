namespace Billing.Persistence.Exact;

/// <summary>Where an accepted <c>exact</c> authorization stands.</summary>
public enum ExactSettlementStatus
{
    /// <summary>Claimed by a request whose handler has not finished; nothing sent yet.</summary>
    InFlight,

    /// <summary>The transfer was sent; its receipt has not been seen (or not with enough confirmations).</summary>
    Pending,

    /// <summary>The transfer is on chain and succeeded.</summary>
    Settled,

    /// <summary>The transfer reverted, was dropped, or its fate could not be known: an operator must look at it.</summary>
    Failed,
}
