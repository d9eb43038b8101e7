using System.Text;

namespace Billing.X402.Tests.Http;

/// <summary>
/// Builds a hostile header from a valid message and a few random numbers, deterministically (so CsCheck can shrink
/// a failure to the smallest numbers that still break the decoder).
/// </summary>
internal static class HeaderMutation
{
    public const int KindCount = 15;

    private static readonly string[] ValidMessages =
    [
        Samples.DepositPaymentJson,
        Samples.Permit2DepositPaymentJson,
        Samples.VoucherPaymentJson,
        Samples.RefundPaymentJson,
        Samples.ExactPaymentJson,
        Samples.PaymentRequiredJson,
        Samples.VoucherReceiptJson,
        Samples.XPaymentJson,
    ];

    private static readonly string[] TypeSwaps =
    [
        "0", "-1", "1.5", "1e400", "1e99999999999999999999", "340282366920938463463374607431768211456", "true", "null",
        "{}", "[]", "\"\"", "\"0x\"", "\"\\uD800\"", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", "{\"type\":\"voucher\"}",
    ];

    private static readonly string[] AmountSwaps =
    [
        "\"01000\"", "\"-1000\"", "\"+1000\"", "\" 1000\"", "\"1e3\"", "\"1000.0\"", "\"340282366920938463463374607431768211456\"",
        "\"0\"", "\"\"", "\"0x3e8\"", "\"１０００\"",
    ];

    private static readonly char[] HostileChars = ['-', '_', ' ', '\n', '\t', '=', '.', '\0', 'é', '\uFFFF', '*', '"'];

    public static int MessageCount => ValidMessages.Length;

    public static Decoders DecoderFor(int message) => (message % ValidMessages.Length) switch
    {
        <= 4 => Decoders.PaymentSignature,
        5 => Decoders.PaymentRequired,
        6 => Decoders.PaymentResponse,
        _ => Decoders.XPayment,
    };

    public static string Build(int kind, int message, int position, int value, byte[] noise)
    {
        var json = ValidMessages[message % ValidMessages.Length];
        var bytes = Encoding.UTF8.GetBytes(json);
        var header = Convert.ToBase64String(bytes);
        switch (kind % KindCount)
        {
            case 0:
                return header;
            case 1:
                bytes[position % bytes.Length] ^= (byte)(1 << (value & 7));
                return Convert.ToBase64String(bytes);
            case 2:
                return ReplaceChar(header, position, HostileChars[value % HostileChars.Length]);
            case 3:
                return Convert.ToBase64String(bytes.AsSpan(0, position % bytes.Length));
            case 4:
                return header[..(position % header.Length)];
            case 5:
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(DuplicateKey(json, position)));
            case 6:
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(SwapValue(json, position, "\":\"", TypeSwaps[value % TypeSwaps.Length])));
            case 7:
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(SwapNumber(json, position, TypeSwaps[value % TypeSwaps.Length])));
            case 8:
                return Convert.ToBase64String(noise);
            case 9:
                return Encoding.Latin1.GetString(noise);
            case 10:
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(Nest(json, 1 + (value % 40))));
            case 11:
                return header.Insert(position % (header.Length + 1), value % 2 == 0 ? " " : "\r\n");
            case 12:
                return value % 2 == 0 ? header.TrimEnd('=') : header + "=";
            case 13:
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(SwapAmount(json, position, AmountSwaps[value % AmountSwaps.Length])));
            default:
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(Pad(json, 10_000 + (value % 8_000))));
        }
    }

    private static string ReplaceChar(string text, int position, char c)
    {
        var chars = text.ToCharArray();
        chars[position % chars.Length] = c;
        return new string(chars);
    }

    /// <summary>Repeats the key of the n-th object's first property with another value.</summary>
    private static string DuplicateKey(string json, int n)
    {
        var open = NthIndex(json, "{\"", n);
        if (open < 0)
        {
            return json;
        }

        var keyEnd = json.IndexOf('"', open + 2);
        var key = json[(open + 1)..(keyEnd + 1)];
        return json.Insert(open + 1, key + ":\"1\",");
    }

    private static string SwapValue(string json, int n, string marker, string replacement)
    {
        var at = NthIndex(json, marker, n);
        if (at < 0)
        {
            return json;
        }

        var valueStart = at + marker.Length - 1;
        var valueEnd = json.IndexOf('"', valueStart + 1);
        return string.Concat(json.AsSpan(0, valueStart), replacement, json.AsSpan(valueEnd + 1));
    }

    private static string SwapNumber(string json, int n, string replacement)
    {
        var count = 0;
        for (var i = 1; i < json.Length; i++)
        {
            if (json[i - 1] == ':' && char.IsAsciiDigit(json[i]) && count++ == n % 8)
            {
                var end = i;
                while (end < json.Length && char.IsAsciiDigit(json[end]))
                {
                    end++;
                }

                return string.Concat(json.AsSpan(0, i), replacement, json.AsSpan(end));
            }
        }

        return json;
    }

    private static string SwapAmount(string json, int n, string replacement)
    {
        foreach (var marker in new[] { "\"amount\":\"", "\"maxClaimableAmount\":\"", "\"value\":\"", "\"chargedAmount\":\"" })
        {
            if (json.Contains(marker, StringComparison.Ordinal))
            {
                return SwapValue(json, n, marker, replacement);
            }
        }

        return json;
    }

    private static string Nest(string json, int depth) =>
        json.Insert(json.LastIndexOf('}'), ",\"deep\":" + new string('[', depth) + new string(']', depth));

    private static string Pad(string json, int length) =>
        json.Insert(json.LastIndexOf('}'), ",\"pad\":\"" + new string('p', length) + "\"");

    private static int NthIndex(string text, string marker, int n)
    {
        var occurrences = 0;
        for (var i = text.IndexOf(marker, StringComparison.Ordinal); i >= 0; i = text.IndexOf(marker, i + 1, StringComparison.Ordinal))
        {
            occurrences++;
        }

        if (occurrences == 0)
        {
            return -1;
        }

        var target = n % occurrences;
        var index = text.IndexOf(marker, StringComparison.Ordinal);
        for (var k = 0; k < target; k++)
        {
            index = text.IndexOf(marker, index + 1, StringComparison.Ordinal);
        }

        return index;
    }
}
