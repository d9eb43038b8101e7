namespace Billing.Core.Pricing;

/// <summary>
/// An exact amount of money on a scale <see cref="PerAtomicUnit"/> times finer than the asset's atomic unit.
/// </summary>
/// <remarks>
/// Token prices are often a fraction of an atomic unit ($0.15 per million tokens is 0.15 units per token), so prices and
/// charges are kept here exactly and only <c>ChargeRounding</c> turns them into atomic units. Arithmetic is checked and
/// throws <see cref="BillingOverflowException"/>; it never wraps.
/// </remarks>
public readonly record struct SubUnits : IComparable<SubUnits>
{
    /// <summary>Sub-units in one atomic unit of the asset. The only definition of the scale.</summary>
    public const ulong PerAtomicUnit = 1_000_000;

    public SubUnits(UInt128 value) => Value = value;

    public UInt128 Value { get; }

    public static SubUnits Zero => default;

    public bool IsZero => Value == UInt128.Zero;

    /// <summary>The exact sub-unit amount of a whole number of atomic units.</summary>
    public static SubUnits FromAtomic(UInt128 atomicUnits) => new SubUnits(atomicUnits) * PerAtomicUnit;

    public static SubUnits operator +(SubUnits left, SubUnits right)
    {
        try
        {
            return new SubUnits(checked(left.Value + right.Value));
        }
        catch (OverflowException ex)
        {
            throw new BillingOverflowException($"Adding {left} and {right} overflows 128 bits.", ex);
        }
    }

    public static SubUnits operator -(SubUnits left, SubUnits right)
    {
        if (right.Value > left.Value)
        {
            throw new BillingOverflowException($"Subtracting {right} from {left} would go below zero.");
        }

        return new SubUnits(left.Value - right.Value);
    }

    /// <summary>The price of <paramref name="quantity"/> units at <paramref name="perUnit"/> each.</summary>
    public static SubUnits operator *(SubUnits perUnit, ulong quantity)
    {
        try
        {
            return new SubUnits(checked(perUnit.Value * quantity));
        }
        catch (OverflowException ex)
        {
            throw new BillingOverflowException($"{quantity} units at {perUnit} each overflows 128 bits.", ex);
        }
    }

    public static bool operator <(SubUnits left, SubUnits right) => left.Value < right.Value;

    public static bool operator >(SubUnits left, SubUnits right) => left.Value > right.Value;

    public static bool operator <=(SubUnits left, SubUnits right) => left.Value <= right.Value;

    public static bool operator >=(SubUnits left, SubUnits right) => left.Value >= right.Value;

    public static SubUnits Max(SubUnits left, SubUnits right) => left >= right ? left : right;

    public int CompareTo(SubUnits other) => Value.CompareTo(other.Value);

    public override string ToString() => $"{Value} sub-units";
}
