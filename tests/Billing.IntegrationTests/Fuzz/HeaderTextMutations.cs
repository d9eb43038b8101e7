using CsCheck;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>Mutations of the header text itself, before any JSON: truncation, characters outside base64, re-padding.</summary>
internal static class HeaderTextMutations
{
    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Cut anywhere but to nothing (an empty header is an unpaid request, not a malformed one).</summary>
    public static Gen<Mutation> Truncated { get; } =
        Gen.Int[0, int.MaxValue].Select(cut => new Mutation("truncated", p =>
            new Mutated(p.Header[..(1 + (cut % (p.Header.Length - 1)))], Expectation.Refused)));

    /// <summary>
    /// A character no canonical base64 holds (url-safe letters, inner whitespace, a stray '='), inserted or replacing one,
    /// never at either end, where a proxy or Kestrel would trim whitespace away.
    /// </summary>
    public static Gen<Mutation> OutsideAlphabet { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.OneOf('-', '_', ' ', '\t', '.', '*', '!', '=', '"', '%', '\\', ','), Gen.Bool)
            .Select((at, c, insert) => new Mutation("outside-base64-alphabet", p =>
            {
                var header = p.Header;
                var i = 1 + (at % (header.Length - 2));
                var text = insert ? header.Insert(i, c.ToString()) : string.Concat(header.AsSpan(0, i), c.ToString(), header.AsSpan(i + 1));
                return new Mutated(text, Expectation.Refused);
            }));

    /// <summary>Padding removed, or data appended that decodes to bytes after the JSON's closing brace.</summary>
    public static Gen<Mutation> Repadded { get; } =
        Gen.OneOf("strip", "=", "==", "AAAA", "e30=", "AA==", "====").Select(change => new Mutation("repadded", p =>
            new Mutated(change == "strip" ? p.Header.TrimEnd('=') + (p.Header.EndsWith('=') ? "" : "A") : p.Header + change, Expectation.Refused)));

    /// <summary>Characters swapped for other base64 characters: still base64, with bytes nobody chose.</summary>
    public static Gen<Mutation> RandomCharacters { get; } =
        Gen.Select(Gen.Int[0, int.MaxValue].Array[1, 4], Gen.Int[0, Base64Alphabet.Length - 1].Array[4])
            .Select((positions, letters) => new Mutation("random-base64-characters", p =>
            {
                var chars = p.Header.ToCharArray();
                var body = p.Header.TrimEnd('=').Length;
                for (var i = 0; i < positions.Length; i++)
                {
                    chars[positions[i] % body] = Base64Alphabet[letters[i]];
                }

                return new Mutated(new string(chars), Expectation.Unknown);
            }));

    /// <summary>Two payments in one header (a client or proxy that repeats the header): a list is not a payment.</summary>
    public static Gen<Mutation> TwoValues { get; } =
        Gen.OneOf(",", ", ", " , ").Select(separator => new Mutation("two-header-values", p =>
            new Mutated(p.Header + separator + p.Header, Expectation.Refused)));
}
