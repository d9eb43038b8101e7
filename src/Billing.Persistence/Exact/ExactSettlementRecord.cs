namespace Billing.Persistence.Exact;

/// <summary>One stored <c>exact</c> authorization. Amount is in atomic units of the asset, as a decimal string.</summary>
public sealed record ExactSettlementRecord(
    ExactAuthorizationKey Key,
    string Amount,
    string PayTo,
    ExactSettlementStatus Status,
    string? TransactionHash,
    DateTimeOffset ValidBefore,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
