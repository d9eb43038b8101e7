using Billing.Abstractions.Channels;
using Billing.Evm;
using Billing.Evm.BatchSettlement;

namespace Billing.LoadGenerator.Channels;

/// <summary>A channel the load generator pays through: its configuration, its id under one settlement domain.</summary>
public sealed record BenchChannel(ChannelConfig Config, Hash32 Id)
{
    /// <summary>The configuration as a paid request carries it to the channel grain.</summary>
    public ChannelConfigMessage ToMessage() =>
        new(
            Config.Payer.ToString(),
            Config.PayerAuthorizer.ToString(),
            Config.Receiver.ToString(),
            Config.ReceiverAuthorizer.ToString(),
            Config.Token.ToString(),
            Config.WithdrawDelay,
            Config.Salt.ToString());

    /// <summary>Channels of one payer told apart by their salt, so any number can be opened without new accounts.</summary>
    public static IReadOnlyList<BenchChannel> Create(
        BatchSettlementDomain domain, int count, Address payer, Address receiver, Address receiverAuthorizer, Address token, ulong withdrawDelay)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var channels = new BenchChannel[count];
        Span<byte> salt = stackalloc byte[Hash32.Size];
        for (var i = 0; i < count; i++)
        {
            salt.Clear();
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(salt[^4..], i + 1);
            var config = new ChannelConfig(payer, payer, receiver, receiverAuthorizer, token, withdrawDelay, new Hash32(salt));
            channels[i] = new BenchChannel(config, domain.ChannelId(config));
        }

        return channels;
    }
}
