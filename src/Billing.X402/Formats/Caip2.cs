using System.Globalization;

namespace Billing.X402.Formats;

/// <summary>CAIP-2 chain ids (<c>namespace:reference</c>) as x402 v2 writes networks, with a strict EVM parser.</summary>
public static class Caip2
{
    public const string Eip155Namespace = "eip155";

    private const string Eip155Prefix = Eip155Namespace + ":";

    /// <summary>
    /// Parses <c>eip155:&lt;chainId&gt;</c> strictly: lower-case namespace, canonical decimal (no sign, no leading zero),
    /// non-zero, fitting ulong. <c>eip155:*</c> patterns and slugs such as <c>base</c> are refused.
    /// </summary>
    public static bool TryParseEip155(string? network, out ulong chainId)
    {
        chainId = 0;
        if (network is null || !network.StartsWith(Eip155Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var reference = network.AsSpan(Eip155Prefix.Length);
        return reference.Length > 0
            && reference[0] != '0'
            && !reference.ContainsAnyExceptInRange('0', '9')
            && ulong.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out chainId);
    }

    public static string FormatEip155(ulong chainId)
    {
        ArgumentOutOfRangeException.ThrowIfZero(chainId);
        return Eip155Prefix + chainId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// True for any well-formed CAIP-2 id: namespace <c>[-a-z0-9]{3,8}</c>, reference <c>[-_a-zA-Z0-9]{1,32}</c>.
    /// </summary>
    public static bool IsValid(string? network)
    {
        if (network is null)
        {
            return false;
        }

        var colon = network.IndexOf(':', StringComparison.Ordinal);
        if (colon < 3 || colon > 8)
        {
            return false;
        }

        var ns = network.AsSpan(0, colon);
        var reference = network.AsSpan(colon + 1);
        foreach (var c in ns)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        if (reference.Length is < 1 or > 32)
        {
            return false;
        }

        foreach (var c in reference)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
