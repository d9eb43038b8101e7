using System.Globalization;
using System.Numerics;
using System.Text;
using Billing.Evm.Abi;

namespace Billing.Evm.Tests.CrossCheck;

/// <summary>Random ABI type trees with random values, encoded by us and by <c>cast abi-encode</c>.</summary>
[Trait("Category", "CrossCheck")]
public class AbiCrossCheckTests
{
    // No spaces: cast trims its arguments, which would change the value rather than the encoding.
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

    [Fact]
    public async Task Abi_encoding_of_random_types_and_values_equals_cast()
    {
        var random = CrossCheckCases.NewRandom(3);
        var cases = Enumerable.Range(0, CrossCheckCases.Count).Select(_ =>
        {
            var types = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomType(random, depth: 0)).ToArray();
            var values = types.Select(t => RandomValue(random, t)).ToArray();
            return (Types: types, Values: values);
        }).ToArray();

        var expected = await Cast.RunAllAsync(cases.Select(c =>
            (IReadOnlyList<string>)["abi-encode", $"f{AbiType.Tuple(c.Types).CanonicalName}", "--", .. c.Types.Select((t, i) => Render(t, c.Values[i], nested: false))]));
        var actual = cases.Select(c => Hex.Encode(AbiEncoder.Encode(c.Types, c.Values))).ToArray();
        CrossCheckCases.AssertAllEqual(expected, actual, i => AbiType.Tuple(cases[i].Types).CanonicalName);

        // And every encoding decodes back to values that re-encode identically.
        foreach (var c in cases)
        {
            var encoded = AbiEncoder.Encode(c.Types, c.Values);
            Assert.Equal(encoded, AbiEncoder.Encode(c.Types, AbiDecoder.Decode(c.Types, encoded)));
        }
    }

    private static AbiType RandomType(Random random, int depth)
    {
        var choice = random.Next(depth >= 2 ? 7 : 10);
        return choice switch
        {
            0 => AbiType.UInt(8 * random.Next(1, 33)),
            1 => AbiType.Int(8 * random.Next(1, 33)),
            2 => AbiType.Address,
            3 => AbiType.Bool,
            4 => AbiType.FixedBytes(random.Next(1, 33)),
            5 => AbiType.Bytes,
            6 => AbiType.String,
            7 => AbiType.ArrayOf(RandomType(random, depth + 1)),
            8 => AbiType.FixedArrayOf(RandomType(random, depth + 1), random.Next(1, 4)),
            _ => AbiType.Tuple(Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomType(random, depth + 1))),
        };
    }

    private static object? RandomValue(Random random, AbiType type)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            {
                var bits = random.Next(0, type.Size + 1);
                return new BigInteger(CrossCheckCases.Bytes(random, 33), isUnsigned: true) & ((BigInteger.One << bits) - 1);
            }

            case AbiTypeKind.Int:
            {
                var bits = random.Next(0, type.Size);
                var magnitude = new BigInteger(CrossCheckCases.Bytes(random, 33), isUnsigned: true) & ((BigInteger.One << bits) - 1);
                return random.Next(2) == 0 ? magnitude : -magnitude - 1;
            }

            case AbiTypeKind.Address:
                return CrossCheckCases.Address(random);
            case AbiTypeKind.Bool:
                return random.Next(2) == 0;
            case AbiTypeKind.FixedBytes:
                return CrossCheckCases.Bytes(random, type.Size);
            case AbiTypeKind.Bytes:
                return CrossCheckCases.Bytes(random, random.Next(0, 70));
            case AbiTypeKind.String:
                return new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
            case AbiTypeKind.Array:
                return Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, type.Element!)).ToArray();
            case AbiTypeKind.FixedArray:
                return Enumerable.Range(0, type.Size).Select(_ => RandomValue(random, type.Element!)).ToArray();
            default:
                return type.Components.Select(c => RandomValue(random, c)).ToArray();
        }
    }

    // cast's argument syntax: decimal integers, 0x hex, true/false, [a,b] arrays, (a,b) tuples, quoted strings when nested.
    private static string Render(AbiType type, object? value, bool nested) => type.Kind switch
    {
        AbiTypeKind.UInt or AbiTypeKind.Int => ((BigInteger)value!).ToString(CultureInfo.InvariantCulture),
        AbiTypeKind.Address => ((Address)value!).ToString(),
        AbiTypeKind.Bool => (bool)value! ? "true" : "false",
        AbiTypeKind.FixedBytes or AbiTypeKind.Bytes => Hex.Encode((byte[])value!),
        AbiTypeKind.String => nested ? $"\"{value}\"" : (string)value!,
        AbiTypeKind.Array or AbiTypeKind.FixedArray =>
            "[" + string.Join(',', ((object?[])value!).Select(v => Render(type.Element!, v, nested: true))) + "]",
        _ => "(" + string.Join(',', ((object?[])value!).Select((v, i) => Render(type.Components[i], v, nested: true))) + ")",
    };
}
