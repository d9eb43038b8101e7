using System.Text.Unicode;

namespace Billing.X402.Json;

/// <summary>
/// Refuses JSON whose strings could not be read back as .NET strings: invalid UTF-8, or a <c>\u</c> escape of an
/// unpaired surrogate. The serializer tolerates both inside raw <see cref="System.Text.Json.JsonElement"/> members
/// (extra, payload, extensions) and only fails later, when someone reads, compares or re-serializes them; checking
/// up front keeps every later step total. Typical messages contain no backslash, so this is two vectorized scans.
/// </summary>
internal static class JsonTextGuard
{
    public static bool IsWellFormed(ReadOnlySpan<byte> utf8Json)
    {
        if (!Utf8.IsValid(utf8Json))
        {
            return false;
        }

        var rest = utf8Json;
        var pendingHighSurrogate = false;
        while (true)
        {
            var backslash = rest.IndexOf((byte)'\\');
            if (backslash < 0)
            {
                return !pendingHighSurrogate;
            }

            // A high surrogate escape must be followed immediately by a low surrogate escape.
            if (pendingHighSurrogate && backslash != 0)
            {
                return false;
            }

            if (backslash + 1 >= rest.Length)
            {
                return false;
            }

            if (rest[backslash + 1] != (byte)'u')
            {
                if (pendingHighSurrogate)
                {
                    return false;
                }

                // Any other escape is two bytes; the reader itself rejects unknown escape letters.
                rest = rest[(backslash + 2)..];
                continue;
            }

            if (backslash + 6 > rest.Length || !TryReadHex4(rest.Slice(backslash + 2, 4), out var unit))
            {
                return false;
            }

            var isHigh = unit is >= 0xD800 and <= 0xDBFF;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (pendingHighSurrogate != isLow)
            {
                return false;
            }

            pendingHighSurrogate = isHigh;
            rest = rest[(backslash + 6)..];
        }
    }

    private static bool TryReadHex4(ReadOnlySpan<byte> hex, out int value)
    {
        value = 0;
        foreach (var b in hex)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }
}
