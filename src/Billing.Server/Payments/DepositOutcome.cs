namespace Billing.Server.Payments;

/// <summary>The result of executing a payer's deposit on chain: the transaction, or why it was refused.</summary>
public sealed record DepositOutcome(string? Transaction, UInt128 Amount, string? Reason, string? Message)
{
    public bool Succeeded => Reason is null;

    public static DepositOutcome Refused(string reason, string message) => new(null, UInt128.Zero, reason, message);
}
