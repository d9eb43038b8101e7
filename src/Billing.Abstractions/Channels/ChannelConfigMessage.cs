namespace Billing.Abstractions.Channels;

/// <summary>The on-chain ChannelConfig as it travels between the HTTP layer and the channel grain (hex strings).</summary>
[GenerateSerializer, Immutable, Alias("billing.channel-config")]
public sealed record ChannelConfigMessage(
    [property: Id(0)] string Payer,
    [property: Id(1)] string PayerAuthorizer,
    [property: Id(2)] string Receiver,
    [property: Id(3)] string ReceiverAuthorizer,
    [property: Id(4)] string Token,
    [property: Id(5)] ulong WithdrawDelay,
    [property: Id(6)] string Salt);
