using System.Collections.Immutable;

namespace Billing.Core.Pricing;

/// <summary>The price of one kind of token: a unit price, or graduated or volume tiers over the period.</summary>
public sealed class TokenRate
{
    private TokenRate(TierMode mode, ImmutableArray<PriceTier> tiers)
    {
        Mode = mode;
        Tiers = tiers;
        MaxPricePerToken = tiers.Aggregate(SubUnits.Zero, (max, tier) => SubUnits.Max(max, tier.PricePerToken));
    }

    /// <summary>Tokens of this kind cost nothing.</summary>
    public static TokenRate Free { get; } = Unit(SubUnits.Zero);

    public TierMode Mode { get; }

    /// <summary>The tiers in ascending order; a unit rate has one open-ended tier.</summary>
    public ImmutableArray<PriceTier> Tiers { get; }

    /// <summary>The most a single token of this kind can cost, whatever the period's quantity: the ceiling's price.</summary>
    public SubUnits MaxPricePerToken { get; }

    public static TokenRate Unit(SubUnits pricePerToken) => new(TierMode.Unit, [new PriceTier(null, pricePerToken)]);

    /// <exception cref="ArgumentException">The tiers are empty, unordered, or the last one is not open-ended.</exception>
    public static TokenRate Graduated(params IEnumerable<PriceTier> tiers) => new(TierMode.Graduated, Validate(tiers));

    /// <exception cref="ArgumentException">The tiers are empty, unordered, or the last one is not open-ended.</exception>
    public static TokenRate Volume(params IEnumerable<PriceTier> tiers) => new(TierMode.Volume, Validate(tiers));

    /// <summary>
    /// The exact price of <paramref name="quantity"/> tokens when the period already holds
    /// <paramref name="periodToDate"/> tokens of this kind.
    /// </summary>
    /// <remarks>
    /// Volume pricing prices this request's tokens at the tier the period reaches with them; earlier requests of the
    /// period are not re-rated, because their charges are committed against a channel and cannot be taken back.
    /// </remarks>
    public SubUnits Charge(ulong quantity, ulong periodToDate)
    {
        if (quantity == 0)
        {
            return SubUnits.Zero;
        }

        return Mode switch
        {
            TierMode.Unit => Tiers[0].PricePerToken * quantity,
            TierMode.Graduated => ChargeGraduated(quantity, periodToDate),
            TierMode.Volume => TierReached(End(periodToDate, quantity)).PricePerToken * quantity,
            _ => throw new InvalidOperationException($"Unknown tier mode {Mode}."),
        };
    }

    private SubUnits ChargeGraduated(ulong quantity, ulong periodToDate)
    {
        var start = periodToDate;
        var end = End(periodToDate, quantity);
        var charge = SubUnits.Zero;
        var tierStart = 0UL;
        foreach (var tier in Tiers)
        {
            var tierEnd = tier.UpTo ?? ulong.MaxValue;
            var from = Math.Max(start, tierStart);
            var to = Math.Min(end, tierEnd);
            if (to > from)
            {
                charge += tier.PricePerToken * (to - from);
            }

            if (end <= tierEnd)
            {
                break;
            }

            tierStart = tierEnd;
        }

        return charge;
    }

    private PriceTier TierReached(ulong cumulative)
    {
        foreach (var tier in Tiers)
        {
            if (tier.UpTo is not { } upTo || cumulative <= upTo)
            {
                return tier;
            }
        }

        // Validation guarantees an open-ended last tier, so the loop always returns.
        throw new InvalidOperationException("Tiers have no open-ended last tier.");
    }

    private static ulong End(ulong periodToDate, ulong quantity)
    {
        try
        {
            return checked(periodToDate + quantity);
        }
        catch (OverflowException ex)
        {
            throw new BillingOverflowException(
                $"Period-to-date quantity {periodToDate} plus {quantity} tokens overflows 64 bits.", ex);
        }
    }

    private static ImmutableArray<PriceTier> Validate(IEnumerable<PriceTier> tiers)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var list = tiers.ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("A tiered rate needs at least one tier.", nameof(tiers));
        }

        var previous = 0UL;
        for (var i = 0; i < list.Length; i++)
        {
            var isLast = i == list.Length - 1;
            switch (list[i].UpTo)
            {
                case null when !isLast:
                    throw new ArgumentException($"Only the last tier may be open-ended; tier {i} is.", nameof(tiers));
                case null:
                    break;
                case { } when isLast:
                    throw new ArgumentException("The last tier must be open-ended (UpTo = null).", nameof(tiers));
                case { } upTo when upTo <= previous:
                    throw new ArgumentException(
                        $"Tier bounds must strictly increase from zero; tier {i} ends at {upTo} after {previous}.",
                        nameof(tiers));
                case { } upTo:
                    previous = upTo;
                    break;
            }
        }

        return list;
    }
}
