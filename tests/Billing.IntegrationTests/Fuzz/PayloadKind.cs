namespace Billing.IntegrationTests.Fuzz;

/// <summary>The batch-settlement payload a base payment carries, which decides the fields a mutation can reach.</summary>
internal enum PayloadKind
{
    Voucher,
    Deposit,
    Refund,
}
