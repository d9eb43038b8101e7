namespace Billing.Client.Channels;

/// <summary>
/// How concurrent requests to one payee are paid. The scheme allows one open request per channel, so either requests
/// wait their turn on one channel (<see cref="Queue"/>), or the agent keeps several channels to the payee, told apart
/// by salt, and each request takes a free one (<see cref="SpreadOverChannels"/>). Every extra channel needs its own
/// deposit.
/// </summary>
public sealed record ConcurrencyMode
{
    /// <summary>An upper bound that keeps the escrow spread over channels and the payee's channel count reasonable.</summary>
    public const int MaxChannels = 64;

    private ConcurrencyMode(int channels) => Channels = channels;

    /// <summary>One channel; concurrent requests to the payee are sent one after another.</summary>
    public static ConcurrencyMode Queue { get; } = new(1);

    /// <summary>How many channels the agent keeps per payee.</summary>
    public int Channels { get; }

    /// <summary>Up to <paramref name="channels"/> channels per payee; a request waits only when all are busy.</summary>
    public static ConcurrencyMode SpreadOverChannels(int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, MaxChannels);
        return new ConcurrencyMode(channels);
    }

    public override string ToString() => Channels == 1 ? "Queue" : $"SpreadOverChannels({Channels})";
}
