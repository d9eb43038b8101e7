namespace Billing.Server.Payments;

/// <summary>
/// The result of executing a payer's deposit on chain: the transaction, or why it was refused. A refusal after the
/// transaction was sent (it reverted, or is not confirmed yet) still names it.
/// </summary>
public sealed record DepositOutcome(string? Transaction, UInt128 Amount, string? Reason, string? Message)
{
    public bool Succeeded => Reason is null;

    public static DepositOutcome Refused(string reason, string message, string? transaction = null) => new(transaction, UInt128.Zero, reason, message);
}
