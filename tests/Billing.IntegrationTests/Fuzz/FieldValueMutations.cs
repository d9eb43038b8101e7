using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using CsCheck;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// Mutations of single values: amounts in every non-canonical or overflowing spelling, hex in every non-canonical
/// spelling, addresses with broken checksums, and offers and channel configs that are not the ones this server made.
/// </summary>
internal sealed class FieldValueMutations(FuzzTargets targets)
{
    private static readonly BigInteger TwoTo128 = BigInteger.One << 128;
    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    private static readonly Func<string, string>[] AmountSpellings =
    [
        v => "+" + v,
        v => "-" + v,
        v => "0" + v,
        v => "00",
        v => v + ".0",
        v => v + "e0",
        v => " " + v,
        v => v + " ",
        v => v + "\u0000",
        v => "",
        v => "0x" + (BigInteger.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n.ToString("x", CultureInfo.InvariantCulture) : "1"),
        v => "\u0661\u0660\u0660\u0660",
        v => "1,000",
        v => TwoTo128.ToString(CultureInfo.InvariantCulture),
        v => (TwoTo128 - 1).ToString(CultureInfo.InvariantCulture),
        v => TwoTo256.ToString(CultureInfo.InvariantCulture),
        v => (TwoTo256 - 1).ToString(CultureInfo.InvariantCulture),
        v => new string('9', 80),
    ];

    private static readonly Func<string, string>[] HexSpellings =
    [
        v => v[2..],
        v => "0X" + v[2..],
        v => v[..^1],
        v => v + "0",
        v => v[..^1] + "g",
        v => " " + v,
        v => v + " ",
        v => "0x",
        v => "0x0x" + v[2..],
        v => "0x" + new string('0', v.Length - 2),
    ];

    /// <summary>An amount spelled with a sign, leading zeros, a fraction, spaces, another base, or past 2^128 and 2^256.</summary>
    public Gen<Mutation> NonCanonicalAmount { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, AmountSpellings.Length - 1]).Select((at, spelling) => new Mutation("non-canonical-amount", p =>
            ReplaceString(p, PaymentFields.Pick(PaymentFields.Amounts(p.Kind), at), AmountSpellings[spelling], Expectation.Refused)));

    /// <summary>Hex without 0x, with 0X, of odd length, with a non-hex digit, padded with spaces, or all zeros.</summary>
    public Gen<Mutation> NonCanonicalHex { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, HexSpellings.Length - 1]).Select((at, spelling) => new Mutation("non-canonical-hex", p =>
            ReplaceString(p, PaymentFields.Pick(PaymentFields.Hex(p.Kind), at), HexSpellings[spelling], Expectation.Refused)));

    /// <summary>Hex digits in upper case after a lower-case 0x: the same bytes, in a spelling the server may or may not take.</summary>
    public Gen<Mutation> UpperCaseHex { get; } =
        Gen.Int[0, int.MaxValue].Select(at => new Mutation("upper-case-hex-digits", p =>
            ReplaceString(p, PaymentFields.Pick(PaymentFields.Hex(p.Kind), at), v => "0x" + v[2..].ToUpperInvariant(), Expectation.Unknown)));

    /// <summary>A channel-config address in lower case: no checksum claimed, the same address, so it still pays.</summary>
    public Gen<Mutation> LowerCaseAddress { get; } =
        Gen.Int[0, int.MaxValue].Select(at => new Mutation("lower-case-address", p =>
            ReplaceString(p, PaymentFields.Pick(PaymentFields.ConfigAddresses, at), v => v.ToLowerInvariant(), Expectation.Payable)));

    /// <summary>One letter of a checksummed address flipped in case: a mixed-case address with a wrong EIP-55 checksum.</summary>
    public Gen<Mutation> BadChecksum { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue]).Select((at, letter) => new Mutation("bad-address-checksum", p =>
        {
            string[] fields = [.. PaymentFields.ConfigAddresses, .. PaymentFields.OfferAddresses];
            return ReplaceString(p, PaymentFields.Pick(fields, at), v => FlipOneLetter(v, letter), Expectation.Refused);
        }));

    /// <summary>The echoed offer changed in one core field or one extra field: not an offer this route makes.</summary>
    public Gen<Mutation> ForeignOffer { get; } = Gen.Int[0, int.MaxValue].Select(choice => new Mutation("foreign-offer", p =>
    {
        var root = JsonSurgery.Parse(p.Json);
        var (path, value) = PaymentFields.Pick(targets.ForeignOfferFields, choice);
        if (value is null)
        {
            JsonSurgery.FindObject(root, "accepted.extra")!.Remove(path["accepted.extra.".Length..]);
        }
        else
        {
            JsonSurgery.Set(root, path, value.DeepClone());
        }

        return new Mutated(JsonSurgery.Header(JsonSurgery.Write(root)), Expectation.Refused);
    }));

    /// <summary>A channel config or channel id that is not this offer's channel, or does not hash to the voucher's id.</summary>
    public Gen<Mutation> ForeignChannel { get; } = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Byte.Array[32]).Select((choice, random) => new Mutation("foreign-channel", p =>
    {
        var root = JsonSurgery.Parse(p.Json);
        var (path, value) = PaymentFields.Pick(targets.ForeignChannelFields, choice);
        JsonSurgery.Set(root, path, value?.DeepClone() ?? JsonValue.Create("0x" + Convert.ToHexStringLower(random)));
        return new Mutated(JsonSurgery.Header(JsonSurgery.Write(root)), Expectation.Refused);
    }));

    private static Mutated ReplaceString(BasePayment payment, string path, Func<string, string> respell, Expectation effect)
    {
        var root = JsonSurgery.Parse(payment.Json);
        if (JsonSurgery.FindString(root, path) is not { } value)
        {
            return new Mutated(payment.Header, effect);
        }

        JsonSurgery.Set(root, path, JsonValue.Create(respell(value)));
        return new Mutated(JsonSurgery.Header(JsonSurgery.Write(root)), effect);
    }

    private static string FlipOneLetter(string address, int choice)
    {
        var letters = Enumerable.Range(2, address.Length - 2).Where(i => char.IsAsciiLetter(address[i])).ToArray();
        if (letters.Length == 0)
        {
            return address;
        }

        var chars = address.ToCharArray();
        var i = letters[choice % letters.Length];
        chars[i] = char.IsAsciiLetterUpper(chars[i]) ? char.ToLowerInvariant(chars[i]) : char.ToUpperInvariant(chars[i]);
        return new string(chars);
    }
}
