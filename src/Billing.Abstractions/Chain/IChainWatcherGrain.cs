namespace Billing.Abstractions.Chain;

/// <summary>
/// Follows the channel contract's events from a persisted cursor, confirmed blocks only, and hands each channel its
/// events. One per cluster: it is never on a payment's path, and a poll is one log query however many channels moved.
/// </summary>
[Alias("billing.IChainWatcherGrain")]
public interface IChainWatcherGrain : IGrainWithStringKey
{
    /// <summary>Processes the confirmed blocks not yet seen; returns how many events were handed to channels.</summary>
    [Alias("poll")]
    ValueTask<int> Poll();
}
