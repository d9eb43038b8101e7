using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Billing.Evm;

/// <summary>An immutable 32-byte value (Solidity <c>bytes32</c>): a hash, a channel id, a salt or a nonce.</summary>
[JsonConverter(typeof(Hash32JsonConverter))]
public readonly struct Hash32 : IEquatable<Hash32>
{
    public const int Size = 32;
    private static readonly byte[] ZeroBytes = new byte[Size];

    // Never null for a constructed value; default(Hash32) reads as Zero. The array is never handed out mutable.
    private readonly byte[]? _bytes;

    public Hash32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A bytes32 value has {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    private Hash32(byte[] owned) => _bytes = owned;

    public static Hash32 Zero => default;

    public bool IsZero => AsSpan().IndexOfAnyExcept((byte)0) < 0;

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? ZeroBytes;

    public byte[] ToArray() => AsSpan().ToArray();

    public void CopyTo(Span<byte> destination) => AsSpan().CopyTo(destination);

    public static Hash32 Parse(string text) =>
        TryParse(text, out var hash)
            ? hash
            : throw new EvmDecodingException("A bytes32 value is 0x followed by exactly 64 hex digits.");

    /// <summary>Strict: <c>0x</c> and exactly 64 hex digits of either case.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Hash32 hash)
    {
        hash = default;
        if (text is null || text.Length != 2 + (2 * Size) || !Hex.HasPrefix(text))
        {
            return false;
        }

        var bytes = new byte[Size];
        if (!Hex.TryDecode(text.AsSpan(), bytes))
        {
            return false;
        }

        hash = new Hash32(bytes);
        return true;
    }

    /// <summary>Wraps an array this assembly has just created and will never touch again.</summary>
    internal static Hash32 WrapUnsafe(byte[] owned) => new(owned);

    public bool Equals(Hash32 other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(AsSpan());
        return hash.ToHashCode();
    }

    public override string ToString() => Hex.Encode(AsSpan());

    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);

    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);
}
