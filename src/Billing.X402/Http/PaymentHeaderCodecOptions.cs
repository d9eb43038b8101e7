using Billing.X402.Json;

namespace Billing.X402.Http;

/// <summary>Limits a <see cref="PaymentHeaderCodec"/> enforces before and while decoding untrusted headers.</summary>
public sealed record PaymentHeaderCodecOptions
{
    /// <summary>16 KiB of header text: a Permit2 deposit with extensions stays well under 4 KiB.</summary>
    public const int DefaultMaxHeaderLength = 16 * 1024;

    public static PaymentHeaderCodecOptions Default { get; } = new();

    /// <summary>Longest header value accepted, in characters; longer ones are refused before any decoding work.</summary>
    public int MaxHeaderLength { get; init; } = DefaultMaxHeaderLength;

    /// <summary>Deepest JSON nesting accepted.</summary>
    public int MaxDepth { get; init; } = X402JsonContext.DefaultMaxDepth;
}
