namespace Billing.Core.Channels;

/// <summary>The ledger's answer to one operation.</summary>
/// <param name="Rejection">None when the operation took effect (or had taken effect before, see <paramref name="Replayed"/>).</param>
/// <param name="Charged">For a commit: the amount charged by this request.</param>
/// <param name="Replayed">True when the answer was the stored answer to an earlier identical request.</param>
public readonly record struct LedgerOutcome(LedgerRejection Rejection, UInt128 Charged = default, bool Replayed = false)
{
    public bool Succeeded => Rejection == LedgerRejection.None;

    public static LedgerOutcome Ok(UInt128 charged = default) => new(LedgerRejection.None, charged);

    public static LedgerOutcome Refused(LedgerRejection rejection) => new(rejection);
}
