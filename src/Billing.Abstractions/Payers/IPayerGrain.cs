namespace Billing.Abstractions.Payers;

/// <summary>
/// The channels one payer (agent) has used with this provider, so usage and reports can be given per agent. Keyed by the
/// payer's lower-case 0x address. Written once per channel, on its first charge: never on the hot path after that.
/// </summary>
[Alias("billing.IPayerGrain")]
public interface IPayerGrain : IGrainWithStringKey
{
    [Alias("add-channel")]
    ValueTask AddChannel(string channelId);

    [Alias("channels")]
    ValueTask<IReadOnlyList<string>> GetChannels();
}
