using System.Globalization;
using System.Numerics;

namespace Billing.X402.Formats;

/// <summary>
/// Canonical unsigned decimal strings, the wire form of every amount, nonce and timestamp that does not fit a JSON
/// number: ASCII digits only, no sign, no whitespace, no leading zeros except <c>"0"</c> itself. One value has
/// exactly one spelling, so strings can be compared and used as keys without normalising.
/// </summary>
public static class DecimalString
{
    /// <summary>2^128 − 1 has 39 digits.</summary>
    private const int MaxUInt128Digits = 39;

    /// <summary>2^256 − 1, the largest uint256.</summary>
    private const string MaxUInt256 =
        "115792089237316195423570985008687907853269984665640564039457584007913129639935";

    /// <summary>Parses a canonical decimal that fits uint128 (every on-chain amount of the channel contract).</summary>
    public static bool TryParseUInt128(string? text, out UInt128 value)
    {
        value = UInt128.Zero;
        return text is not null
            && text.Length <= MaxUInt128Digits
            && HasCanonicalDigits(text)
            && UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static bool IsCanonicalUInt128(string? text) => TryParseUInt128(text, out _);

    /// <summary>True for a canonical decimal that fits uint256 (ERC-3009 times, Permit2 nonces, refund nonces).</summary>
    public static bool IsCanonicalUInt256(string? text) =>
        text is not null
        && text.Length <= MaxUInt256.Length
        && HasCanonicalDigits(text)
        && (text.Length < MaxUInt256.Length || string.CompareOrdinal(text, MaxUInt256) <= 0);

    public static bool TryParseUInt256(string? text, out BigInteger value)
    {
        if (!IsCanonicalUInt256(text))
        {
            value = BigInteger.Zero;
            return false;
        }

        value = BigInteger.Parse(text!, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Writes the canonical form.</summary>
    public static string Format(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return value.ToString(CultureInfo.InvariantCulture);
    }

    private static bool HasCanonicalDigits(string text) =>
        text.Length > 0
        && !text.AsSpan().ContainsAnyExceptInRange('0', '9')
        && (text.Length == 1 || text[0] != '0');
}
