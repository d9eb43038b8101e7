using System.Collections.Concurrent;
using Billing.Core.Channels;

namespace Billing.Grains.Channels;

/// <summary>
/// One copy of the channel-term strings that every channel of this server repeats (receiver, receiver authorizer,
/// token): each activation would otherwise hold its own ~110-byte copies of the same three addresses.
/// </summary>
/// <remarks>
/// Bounded: terms come from payers, so once <see cref="Capacity"/> distinct values are held, further ones are kept as
/// given. That costs memory, never correctness. Payer strings are not shared: they differ from channel to channel.
/// </remarks>
internal static class SharedTermStrings
{
    public const int Capacity = 256;

    private static readonly ConcurrentDictionary<string, string> Strings = new(StringComparer.Ordinal);

    /// <summary>The terms with their server-wide strings replaced by the shared copies (the same instance when already shared).</summary>
    public static ChannelTerms Share(ChannelTerms terms)
    {
        var receiver = Share(terms.Receiver);
        var receiverAuthorizer = Share(terms.ReceiverAuthorizer);
        var token = Share(terms.Token);
        return ReferenceEquals(receiver, terms.Receiver) && ReferenceEquals(receiverAuthorizer, terms.ReceiverAuthorizer) && ReferenceEquals(token, terms.Token)
            ? terms
            : terms with { Receiver = receiver, ReceiverAuthorizer = receiverAuthorizer, Token = token };
    }

    private static string Share(string value)
    {
        if (Strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return Strings.Count < Capacity ? Strings.GetOrAdd(value, value) : value;
    }
}
