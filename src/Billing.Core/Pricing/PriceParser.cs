using System.Numerics;

namespace Billing.Core.Pricing;

/// <summary>
/// Reads prices written for people, such as <c>$0.15/1M tokens</c>, <c>0.002 USD per call</c> or <c>$3 / 1k requests</c>,
/// into exact sub-units per token or per call.
/// </summary>
/// <remarks>
/// The arithmetic is on integers (the decimal text becomes mantissa and scale), so no binary fraction ever rounds a
/// price. A price that is not a whole number of sub-units per unit is rejected rather than rounded, because a rounded
/// price would bill every token a little wrong. Dollars map to a USDC-like asset with 6 decimals.
/// </remarks>
public static class PriceParser
{
    /// <summary>Atomic units of a 6-decimal USD stablecoin in one dollar.</summary>
    private const ulong AtomicUnitsPerDollar = 1_000_000;

    /// <summary>Longer text is not a price; the limit keeps big-integer work on hostile input small.</summary>
    private const int MaxLength = 128;

    private static readonly UInt128 SubUnitsPerDollar = (UInt128)AtomicUnitsPerDollar * SubUnits.PerAtomicUnit;

    /// <exception cref="PriceFormatException">The text is not a price or is not exact in sub-units.</exception>
    public static ParsedPrice Parse(string text)
    {
        var error = TryParseCore(text, out var price);
        return error is null ? price : throw new PriceFormatException(error);
    }

    public static bool TryParse(string? text, out ParsedPrice price) => TryParseCore(text, out price) is null;

    /// <summary>A per-token price, e.g. <c>$0.15/1M tokens</c> → 150,000 sub-units per token.</summary>
    /// <exception cref="PriceFormatException">The text is not an exact per-token price.</exception>
    public static SubUnits ParsePerToken(string text) => ParseExpecting(text, PricedUnit.Token);

    /// <summary>A per-call fee, e.g. <c>$0.001/call</c> → 1,000 atomic units = 1,000,000,000 sub-units per call.</summary>
    /// <exception cref="PriceFormatException">The text is not an exact per-call price.</exception>
    public static SubUnits ParsePerCall(string text) => ParseExpecting(text, PricedUnit.Call);

    private static SubUnits ParseExpecting(string text, PricedUnit unit)
    {
        var price = Parse(text);
        return price.Unit == unit
            ? price.PerUnit
            : throw new PriceFormatException($"'{text}' is a price per {Describe(price.Unit)}, not per {Describe(unit)}.");
    }

    private static string? TryParseCore(string? text, out ParsedPrice price)
    {
        price = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "A price is empty.";
        }

        if (text.Length > MaxLength)
        {
            return $"A price is at most {MaxLength} characters long.";
        }

        var trimmed = text.AsSpan().Trim();
        if (!TrySplit(trimmed, out var amountText, out var unitText))
        {
            return $"'{text}' is not a price; write it as '$<amount>/<quantity> <unit>', e.g. '$0.15/1M tokens'.";
        }

        if (!TryReadDollars(amountText, out var mantissa, out var scale, out var amountError))
        {
            return $"'{text}': {amountError}";
        }

        if (!TryReadQuantity(unitText, out var quantity, out var unit, out var unitError))
        {
            return $"'{text}': {unitError}";
        }

        var numerator = mantissa * (BigInteger)SubUnitsPerDollar;
        var denominator = BigInteger.Pow(10, scale) * quantity;
        var perUnit = BigInteger.DivRem(numerator, denominator, out var remainder);
        if (!remainder.IsZero)
        {
            return $"'{text}' is not a whole number of sub-units per {Describe(unit)} "
                + "(1 sub-unit = $0.000000000001); it cannot be billed exactly.";
        }

        if (perUnit > (BigInteger)UInt128.MaxValue)
        {
            return $"'{text}' is too large a price.";
        }

        price = new ParsedPrice(new SubUnits((UInt128)perUnit), unit);
        return null;
    }

    private static bool TrySplit(ReadOnlySpan<char> text, out ReadOnlySpan<char> amount, out ReadOnlySpan<char> unit)
    {
        var slash = text.IndexOf('/');
        var separatorLength = 1;
        if (slash < 0)
        {
            slash = text.IndexOf(" per ", StringComparison.OrdinalIgnoreCase);
            separatorLength = " per ".Length;
        }

        if (slash < 0)
        {
            amount = unit = default;
            return false;
        }

        amount = text[..slash].Trim();
        unit = text[(slash + separatorLength)..].Trim();
        return unit.IndexOf('/') < 0 && !amount.IsEmpty && !unit.IsEmpty;
    }

    private static bool TryReadDollars(
        ReadOnlySpan<char> text, out BigInteger mantissa, out int scale, out string error)
    {
        mantissa = BigInteger.Zero;
        scale = 0;
        var hasCurrency = false;
        if (text.StartsWith('$'))
        {
            text = text[1..].TrimStart();
            hasCurrency = true;
        }

        foreach (var code in (ReadOnlySpan<string>)["USDC", "USD"])
        {
            if (text.EndsWith(code, StringComparison.OrdinalIgnoreCase))
            {
                text = text[..^code.Length].TrimEnd();
                hasCurrency = true;
                break;
            }
        }

        if (!hasCurrency)
        {
            error = "state the currency, as in '$0.15/1M tokens' or '0.15 USD/1M tokens'.";
            return false;
        }

        var point = text.IndexOf('.');
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? [] : text[(point + 1)..];
        if (whole.IsEmpty || !IsDigits(whole) || (point >= 0 && (fraction.IsEmpty || !IsDigits(fraction))))
        {
            error = $"'{text}' is not a plain decimal amount (digits, optionally one '.' and more digits).";
            return false;
        }

        mantissa = BigInteger.Parse(string.Concat(whole, fraction), provider: null);
        scale = fraction.Length;
        error = "";
        return true;
    }

    private static bool TryReadQuantity(
        ReadOnlySpan<char> text, out BigInteger quantity, out PricedUnit unit, out string error)
    {
        quantity = BigInteger.One;
        unit = default;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var rest = text;
        if (digits > 0)
        {
            quantity = BigInteger.Parse(text[..digits], provider: null);
            rest = text[digits..];
            if (rest.Length > 0 && (rest.Length == 1 || char.IsWhiteSpace(rest[1])))
            {
                var multiplier = char.ToUpperInvariant(rest[0]) switch
                {
                    'K' => 1_000,
                    'M' => 1_000_000,
                    'B' => 1_000_000_000,
                    _ => 0,
                };
                if (multiplier != 0)
                {
                    quantity *= multiplier;
                    rest = rest[1..];
                }
            }

            if (quantity.IsZero)
            {
                error = "the quantity a price is per must be at least 1.";
                return false;
            }
        }

        rest = rest.Trim();
        if (IsAny(rest, "token", "tokens"))
        {
            unit = PricedUnit.Token;
        }
        else if (IsAny(rest, "call", "calls", "request", "requests"))
        {
            unit = PricedUnit.Call;
        }
        else
        {
            error = rest.IsEmpty
                ? "name the unit the price is per: tokens or calls (requests)."
                : $"'{rest}' is not a unit; use tokens or calls (requests), optionally after a count with K, M or B.";
            return false;
        }

        error = "";
        return true;
    }

    private static bool IsAny(ReadOnlySpan<char> word, params ReadOnlySpan<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(PricedUnit unit) => unit == PricedUnit.Token ? "token" : "call";
}
