using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Billing.Evm;

/// <summary>A 20-byte EVM account address. Prints EIP-55 checksummed; parses any case but checks a mixed-case checksum.</summary>
[JsonConverter(typeof(AddressJsonConverter))]
public readonly struct Address : IEquatable<Address>
{
    public const int Size = 20;
    private static readonly byte[] ZeroBytes = new byte[Size];

    // Never null for a constructed value; default(Address) reads as Zero. The array is never handed out mutable.
    private readonly byte[]? _bytes;

    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"An address has {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    public static Address Zero => default;

    public bool IsZero => AsSpan().IndexOfAnyExcept((byte)0) < 0;

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public byte[] ToArray() => AsSpan().ToArray();

    public static Address Parse(string text) =>
        TryParse(text, out var address)
            ? address
            : throw new EvmDecodingException(
                "An address is 0x followed by 40 hex digits, all lower case, all upper case or with a valid EIP-55 checksum.");

    public static bool TryParse([NotNullWhen(true)] string? text, out Address address)
    {
        address = default;
        if (text is null || text.Length != 2 + (2 * Size) || !Hex.HasPrefix(text))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Size];
        var digits = text.AsSpan(2);
        if (!Hex.TryDecode(digits, bytes))
        {
            return false;
        }

        var candidate = new Address(bytes);
        if (IsMixedCase(digits) && !digits.SequenceEqual(candidate.ToString().AsSpan(2)))
        {
            return false;
        }

        address = candidate;
        return true;
    }

    /// <summary>Lower-case <c>0x</c> hex, the form JSON-RPC and most maps key on.</summary>
    public string ToLowerHex() => Hex.Encode(AsSpan());

    /// <summary>EIP-55: a hex letter is upper case when the matching nibble of keccak(lower-case hex) is 8 or more.</summary>
    public override string ToString()
    {
        Span<char> lower = stackalloc char[2 * Size];
        Hex.WriteLower(AsSpan(), lower);
        Span<byte> ascii = stackalloc byte[2 * Size];
        for (var i = 0; i < lower.Length; i++)
        {
            ascii[i] = (byte)lower[i];
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash(ascii, hash);

        Span<char> text = stackalloc char[2 + (2 * Size)];
        text[0] = '0';
        text[1] = 'x';
        for (var i = 0; i < lower.Length; i++)
        {
            var nibble = (i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2]) & 0xF;
            text[2 + i] = nibble >= 8 ? char.ToUpperInvariant(lower[i]) : lower[i];
        }

        return new string(text);
    }

    public bool Equals(Address other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(AsSpan());
        return hash.ToHashCode();
    }

    public static bool operator ==(Address left, Address right) => left.Equals(right);

    public static bool operator !=(Address left, Address right) => !left.Equals(right);

    private static bool IsMixedCase(ReadOnlySpan<char> digits) =>
        digits.IndexOfAnyInRange('a', 'f') >= 0 && digits.IndexOfAnyInRange('A', 'F') >= 0;
}
