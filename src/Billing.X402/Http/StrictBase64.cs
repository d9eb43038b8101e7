using System.Buffers;

namespace Billing.X402.Http;

/// <summary>
/// RFC 4648 §4 base64 in its one canonical spelling: standard alphabet only (no <c>-</c>/<c>_</c>), no whitespace,
/// length a multiple of four, at most two <c>=</c> at the end, and zero padding bits. <see cref="Convert"/> is laxer
/// (it skips whitespace and ignores padding bits), so the text is checked here first; canonical text also means one
/// payment has exactly one header value, which keeps idempotency keys honest.
/// </summary>
internal static class StrictBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static readonly SearchValues<char> AlphabetChars = SearchValues.Create(Alphabet);

    /// <summary>Checks the text and returns the exact decoded length, or a short reason.</summary>
    public static bool TryGetDecodedLength(ReadOnlySpan<char> text, out int decodedLength, out string? problem)
    {
        decodedLength = 0;
        if (text.IsEmpty)
        {
            problem = "header is empty";
            return false;
        }

        var padding = text[^1] == '=' ? (text.Length > 1 && text[^2] == '=' ? 2 : 1) : 0;
        var body = text[..^padding];
        var bad = body.IndexOfAnyExcept(AlphabetChars);
        if (bad >= 0)
        {
            problem = Describe(body[bad]);
            return false;
        }

        if (text.Length % 4 != 0)
        {
            problem = "base64 length is not a multiple of 4 (missing or extra padding)";
            return false;
        }

        // One '=' leaves 2 spare bits in the last digit, two leave 4; a canonical encoder writes them as zero.
        if (padding > 0 && (Alphabet.IndexOf(body[^1], StringComparison.Ordinal) & (padding == 1 ? 0b11 : 0b1111)) != 0)
        {
            problem = "base64 padding bits are not zero";
            return false;
        }

        decodedLength = (text.Length / 4 * 3) - padding;
        problem = null;
        return true;
    }

    /// <summary>Decodes text already accepted by <see cref="TryGetDecodedLength"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written) =>
        Convert.TryFromBase64Chars(text, destination, out written);

    private static string Describe(char c) => c switch
    {
        '-' or '_' => "header uses the url-safe base64 alphabet; standard base64 is required",
        '=' => "base64 padding in the middle of the header",
        ' ' or '\t' or '\r' or '\n' => "header contains whitespace",
        _ => "header contains a character outside the base64 alphabet",
    };
}
