using System.Globalization;
using System.Text;
using CsCheck;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// Changes that leave a payment what it was: members nobody asked for, shallow nesting, another key order, whitespace,
/// \u escapes. A server that refuses these as malformed would refuse real clients.
/// </summary>
internal static class HarmlessMutations
{
    private static readonly string[] AnyValues = ["\"x\"", "0", "-1.5e300", "true", "null", "[1,\"two\",{}]", "{\"k\":\"v\"}", "\"\""];

    /// <summary>A member the models do not know, anywhere: ignored, so the payment still pays.</summary>
    public static Gen<Mutation> UnknownMember { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Char["abcdefghijklmnopqrstuvwxyz_"].Array[1, 12].Select(letters => new string(letters)), Gen.Int[0, AnyValues.Length - 1])
            .Select((at, name, value) => new Mutation("unknown-member", p =>
            {
                var path = PaymentFields.Pick(PaymentFields.Objects(p.Kind), at);
                var json = JsonSurgery.WithRawMembers(JsonSurgery.Parse(p.Json), path, $"\"x_{name}\":{AnyValues[value]}");
                return new Mutated(JsonSurgery.Header(json), Expectation.Payable);
            }));

    /// <summary>Nesting well inside the limit, as an unknown top-level member: harmless.</summary>
    public static Gen<Mutation> ShallowNesting { get; } =
        Gen.Int[1, 10].Select(depth => new Mutation("shallow-nesting", p =>
        {
            var nested = new string('[', depth) + new string(']', depth);
            return new Mutated(JsonSurgery.Header(JsonSurgery.WithRawMembers(JsonSurgery.Parse(p.Json), "", "\"x_nest\":" + nested)), Expectation.Payable);
        }));

    /// <summary>Objects with their keys in reverse order: JSON objects are unordered, so this still pays.</summary>
    public static Gen<Mutation> Reordered { get; } =
        Gen.Int[0, int.MaxValue].Select(at => new Mutation("reordered-keys", p =>
        {
            var root = JsonSurgery.Parse(p.Json);
            var path = PaymentFields.Pick(PaymentFields.Objects(p.Kind), at);
            var target = JsonSurgery.FindObject(root, path)!;
            var members = target.Reverse().ToList();
            target.Clear();
            foreach (var (key, value) in members)
            {
                target[key] = value;
            }

            return new Mutated(JsonSurgery.Header(JsonSurgery.Write(root)), Expectation.Payable);
        }));

    /// <summary>Indented JSON: whitespace between tokens is not part of any value.</summary>
    public static Gen<Mutation> Indented { get; } =
        Gen.Const(new Mutation("indented", p => new Mutated(JsonSurgery.Header(JsonSurgery.Write(JsonSurgery.Parse(p.Json), indented: true)), Expectation.Payable)));

    /// <summary>A string value spelled with \u escapes: the same string, so the same payment.</summary>
    public static Gen<Mutation> EscapedString { get; } =
        Gen.Int[0, int.MaxValue].Select(at => new Mutation("unicode-escaped-string", p =>
        {
            var root = JsonSurgery.Parse(p.Json);
            var path = PaymentFields.Pick(PaymentFields.Strings(p.Kind), at);
            if (JsonSurgery.FindString(root, path) is not { } text)
            {
                return new Mutated(p.Header, Expectation.Payable);
            }

            var escaped = new StringBuilder("\"");
            foreach (var c in text)
            {
                escaped.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }

            return new Mutated(JsonSurgery.Header(JsonSurgery.WithRawValue(root, path, escaped.Append('"').ToString())), Expectation.Payable);
        }));
}
