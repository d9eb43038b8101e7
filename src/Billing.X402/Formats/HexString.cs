using System.Buffers;

namespace Billing.X402.Formats;

/// <summary>
/// Shape checks for the 0x-prefixed hex strings of the EVM wire formats. Case is not judged here: EIP-55 checksums
/// are the EVM layer's job, and <see cref="IsMixedCase"/> tells it when a checksum must be verified.
/// </summary>
public static class HexString
{
    public const string ZeroAddress = "0x0000000000000000000000000000000000000000";

    private const int AddressHexDigits = 40;
    private const int Bytes32HexDigits = 64;

    /// <summary>r ‖ s ‖ v, 65 bytes.</summary>
    private const int EcdsaSignatureHexDigits = 130;

    /// <summary>EIP-2098 compact r ‖ yParityAndS, 64 bytes.</summary>
    private const int CompactSignatureHexDigits = 128;

    /// <summary>
    /// Upper bound for contract-wallet signatures (EIP-1271, EIP-6492 wrappers carry factory calldata). Generous, and
    /// still far below the header size limit.
    /// </summary>
    public const int MaxSignatureBytes = 4096;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>0x + 40 hex digits.</summary>
    public static bool IsAddress(string? text) => HasHexDigits(text, AddressHexDigits);

    /// <summary>0x + 64 hex digits: channel ids, salts, ERC-3009 nonces.</summary>
    public static bool IsBytes32(string? text) => HasHexDigits(text, Bytes32HexDigits);

    /// <summary>A plain ECDSA signature: 65 bytes, or 64 bytes in EIP-2098 compact form.</summary>
    public static bool IsEcdsaSignature(string? text) =>
        HasHexDigits(text, EcdsaSignatureHexDigits) || HasHexDigits(text, CompactSignatureHexDigits);

    /// <summary>
    /// Any signature a contract check may accept (ECDSA, EIP-1271, EIP-6492): whole bytes, at least the 64 of a
    /// compact ECDSA signature, at most <see cref="MaxSignatureBytes"/>.
    /// </summary>
    public static bool IsSignatureBytes(string? text)
    {
        if (text is null || !HasPrefix(text))
        {
            return false;
        }

        var digits = text.Length - 2;
        return digits % 2 == 0
            && digits >= CompactSignatureHexDigits
            && digits <= MaxSignatureBytes * 2
            && !text.AsSpan(2).ContainsAnyExcept(HexDigits);
    }

    public static bool IsZeroAddress(string? text) =>
        IsAddress(text) && !text.AsSpan(2).ContainsAnyExcept('0');

    /// <summary>True when the hex digits mix upper and lower case, i.e. an EIP-55 checksum is claimed and must hold.</summary>
    public static bool IsMixedCase(string? text)
    {
        if (text is null || !HasPrefix(text))
        {
            return false;
        }

        var digits = text.AsSpan(2);
        return digits.ContainsAnyInRange('a', 'f') && digits.ContainsAnyInRange('A', 'F');
    }

    /// <summary>Case-insensitive equality of two hex strings (addresses compare equal whatever their checksum casing).</summary>
    public static bool EqualsIgnoreCase(string? left, string? right) =>
        string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    private static bool HasHexDigits(string? text, int digits) =>
        text is not null
        && text.Length == digits + 2
        && HasPrefix(text)
        && !text.AsSpan(2).ContainsAnyExcept(HexDigits);

    // Only a lower-case "0x": every reference encoder writes it, and "0X" is a second spelling of the same bytes.
    private static bool HasPrefix(string text) => text.Length >= 2 && text[0] == '0' && text[1] == 'x';
}
