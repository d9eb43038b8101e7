using Billing.Core.Pricing;

namespace Billing.Core.Metering;

/// <summary>
/// The one place exact sub-unit amounts become atomic units.
/// </summary>
/// <remarks>
/// A commit rounds down and carries the remainder (per channel): the payer never pays for a fraction of an atomic unit
/// that has not been completed yet, and the carry makes the total exact over time, so that the atomic units charged
/// for a sequence of requests always equal the floor of their summed exact charges, however the usage was split into
/// requests. A remainder left when a channel closes is less than one atomic unit and is not billed.
/// A ceiling rounds up instead, because a voucher must cover the exact worst case.
/// </remarks>
public static class ChargeRounding
{
    /// <summary>Commits <paramref name="exactCharge"/> on top of the remainder carried from earlier commits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="carriedRemainder"/> is a whole atomic unit or more, which no commit can have produced.
    /// </exception>
    /// <exception cref="BillingOverflowException">The sum does not fit in 128 bits.</exception>
    public static CommittedCharge Commit(SubUnits carriedRemainder, SubUnits exactCharge)
    {
        if (carriedRemainder.Value >= SubUnits.PerAtomicUnit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(carriedRemainder),
                carriedRemainder,
                $"A carried remainder is below one atomic unit ({SubUnits.PerAtomicUnit} sub-units).");
        }

        var owed = carriedRemainder + exactCharge;
        var (atomic, remainder) = UInt128.DivRem(owed.Value, SubUnits.PerAtomicUnit);
        return new CommittedCharge(atomic, new SubUnits(remainder));
    }

    /// <summary>The fewest atomic units that cover <paramref name="exact"/>.</summary>
    public static UInt128 RoundUpToAtomic(SubUnits exact)
    {
        var (atomic, remainder) = UInt128.DivRem(exact.Value, SubUnits.PerAtomicUnit);
        return remainder == UInt128.Zero ? atomic : atomic + UInt128.One;
    }
}
