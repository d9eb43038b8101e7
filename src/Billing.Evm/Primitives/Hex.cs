namespace Billing.Evm;

/// <summary>Strict hexadecimal codec for EVM data: an optional <c>0x</c> prefix and an even number of hex digits.</summary>
public static class Hex
{
    private const string LowerDigits = "0123456789abcdef";

    public static string Encode(ReadOnlySpan<byte> bytes, bool prefix = true)
    {
        var length = checked((bytes.Length * 2) + (prefix ? 2 : 0));
        var chars = length <= 1024 ? stackalloc char[length] : new char[length];
        var offset = 0;
        if (prefix)
        {
            chars[0] = '0';
            chars[1] = 'x';
            offset = 2;
        }

        WriteLower(bytes, chars[offset..]);
        return new string(chars);
    }

    /// <summary>Writes two lower-case hex digits per byte into <paramref name="destination"/>.</summary>
    public static void WriteLower(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        if (destination.Length < bytes.Length * 2)
        {
            throw new ArgumentException("Destination is too short for the hex digits.", nameof(destination));
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = LowerDigits[bytes[i] >> 4];
            destination[(2 * i) + 1] = LowerDigits[bytes[i] & 0xF];
        }
    }

    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return TryDecode(hex, out var bytes)
            ? bytes
            : throw new EvmDecodingException("Not a hex string: expected an optional 0x prefix and an even number of hex digits.");
    }

    public static bool TryDecode(string? hex, out byte[] bytes)
    {
        if (hex is null)
        {
            bytes = [];
            return false;
        }

        return TryDecode(hex.AsSpan(), out bytes);
    }

    public static bool TryDecode(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        var digits = StripPrefix(hex);
        if (digits.Length % 2 != 0)
        {
            bytes = [];
            return false;
        }

        var result = new byte[digits.Length / 2];
        if (!TryDecodeDigits(digits, result))
        {
            bytes = [];
            return false;
        }

        bytes = result;
        return true;
    }

    /// <summary>Decodes exactly <c>destination.Length</c> bytes; fails on any other digit count.</summary>
    public static bool TryDecode(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        var digits = StripPrefix(hex);
        return digits.Length == destination.Length * 2 && TryDecodeDigits(digits, destination);
    }

    internal static ReadOnlySpan<char> StripPrefix(ReadOnlySpan<char> hex) =>
        hex.Length >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X') ? hex[2..] : hex;

    internal static bool HasPrefix(ReadOnlySpan<char> hex) =>
        hex.Length >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X');

    private static bool TryDecodeDigits(ReadOnlySpan<char> digits, Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var high = DigitValue(digits[2 * i]);
            var low = DigitValue(digits[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    internal static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
