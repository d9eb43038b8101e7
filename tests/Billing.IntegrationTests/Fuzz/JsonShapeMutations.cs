using System.Text;
using Billing.X402.Http;
using CsCheck;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>Hostile mutations of the JSON: huge and deeply nested values, duplicated keys, wrong types, random bytes.</summary>
internal static class JsonShapeMutations
{
    private static readonly string[] OtherValues = ["\"x\"", "0", "-1.5e300", "true", "null", "[1,\"two\",{}]", "{\"k\":\"v\"}", "\"\""];

    private static readonly string[] NotAString =
        ["0", "1.5", "-1", "1e400", "true", "false", "null", "[]", "{}", "[\"0x\"]", "{\"value\":\"1\"}", "18446744073709551616"];

    /// <summary>Strings, fractions, numbers past any integer type, and values each integer field refuses (a version or delay of 0 or -1).</summary>
    private static readonly string[] NotAnInteger =
        ["\"2\"", "\"900\"", "1.5", "1e400", "-1", "0", "true", "null", "[]", "{}", "18446744073709551616", "\"\""];

    /// <summary>
    /// A long unknown string at the top: pays while the header stays within the decoder's limit (16 KiB), and is refused,
    /// before any parsing, once it is longer. Kept under Kestrel's 32 KiB for all headers, which would answer 431 itself.
    /// </summary>
    public static Gen<Mutation> LargeMember { get; } =
        Gen.Int[2_000, 20_000].Select(length => new Mutation("large-member", p =>
        {
            var json = JsonSurgery.WithRawMembers(JsonSurgery.Parse(p.Json), "", $"\"x_padding\":\"{new string('p', length)}\"");
            var header = JsonSurgery.Header(json);
            return new Mutated(header, header.Length > PaymentHeaderCodecOptions.DefaultMaxHeaderLength ? Expectation.Refused : Expectation.Payable);
        }));

    /// <summary>Nesting past the decoder's depth limit (16), of arrays or objects, anywhere in the payment.</summary>
    public static Gen<Mutation> DeepNesting { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[17, 2_500], Gen.Bool).Select((at, depth, arrays) => new Mutation("deep-nesting", p =>
        {
            var nested = arrays
                ? new string('[', depth) + new string(']', depth)
                : new StringBuilder().Insert(0, "{\"a\":", depth).Append('1').Append('}', depth).ToString();
            var path = PaymentFields.Pick(PaymentFields.Objects(p.Kind), at);
            return new Mutated(JsonSurgery.Header(JsonSurgery.WithRawMembers(JsonSurgery.Parse(p.Json), path, "\"x_deep\":" + nested)), Expectation.Refused);
        }));

    /// <summary>
    /// A key repeated, with the same or another value: two parsers could disagree about which one counts, so it is refused
    /// in typed objects; in the free-form offer extra the outcome is left to the oracle.
    /// </summary>
    public static Gen<Mutation> DuplicatedKey { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Bool, Gen.Int[0, OtherValues.Length - 1])
            .Select((at, keyIndex, sameValue, value) => new Mutation("duplicated-key", p =>
            {
                var root = JsonSurgery.Parse(p.Json);
                var paths = PaymentFields.Objects(p.Kind);
                var path = PaymentFields.Pick(paths, at);
                var target = JsonSurgery.FindObject(root, path)!;
                if (target.Count == 0)
                {
                    return new Mutated(p.Header, Expectation.Refused);
                }

                var (key, existing) = target.ElementAt((int)((uint)keyIndex % (uint)target.Count));
                var raw = sameValue ? existing?.ToJsonString() ?? "null" : OtherValues[value];
                var json = JsonSurgery.WithRawMembers(root, path, $"\"{key}\":{raw}");
                var effect = PaymentFields.TypedObjects(p.Kind).Contains(path) ? Expectation.Refused : Expectation.Unknown;
                return new Mutated(JsonSurgery.Header(json), effect);
            }));

    /// <summary>A known field with a value of the wrong JSON type, or a number no field can hold.</summary>
    public static Gen<Mutation> WrongType { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Bool).Select((at, value, numeric) => new Mutation("wrong-type", p =>
        {
            var path = PaymentFields.Pick(numeric ? PaymentFields.Numbers : PaymentFields.Strings(p.Kind), at);
            var raw = PaymentFields.Pick(numeric ? NotAnInteger : NotAString, value);
            if (raw == "null" && !PaymentFields.MayVanish(p.Kind, path))
            {
                raw = "{}";
            }

            return new Mutated(JsonSurgery.Header(JsonSurgery.WithRawValue(JsonSurgery.Parse(p.Json), path, raw)), Expectation.Refused);
        }));

    /// <summary>Bytes replaced, inserted or deleted anywhere in the JSON (invalid UTF-8 included).</summary>
    public static Gen<Mutation> RandomBytes { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue].Array[1, 6], Gen.Byte.Array[6], Gen.Int[0, 2].Array[6]).Select((positions, bytes, actions) => new Mutation("random-bytes", p =>
        {
            var json = new List<byte>(Encoding.UTF8.GetBytes(p.Json));
            for (var i = 0; i < positions.Length; i++)
            {
                var at = positions[i] % json.Count;
                switch (actions[i])
                {
                    case 0: json[at] = bytes[i]; break;
                    case 1: json.Insert(at, bytes[i]); break;
                    default: json.RemoveAt(at); break;
                }
            }

            return new Mutated(Convert.ToBase64String([.. json]), Expectation.Unknown);
        }));
}
