using System.Globalization;
using System.Text.Json.Serialization;
using Billing.LoadGenerator.Channels;

namespace Billing.LoadGenerator.Reference;

/// <summary>What benchmarks/reference/server.mjs reads at start: its route's terms and the channels to seed its storage with.</summary>
public sealed record ReferenceSeed(
    [property: JsonPropertyName("network")] string Network,
    [property: JsonPropertyName("payTo")] string PayTo,
    [property: JsonPropertyName("receiverAuthorizer")] string ReceiverAuthorizer,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("tokenName")] string TokenName,
    [property: JsonPropertyName("tokenVersion")] string TokenVersion,
    [property: JsonPropertyName("price")] string Price,
    [property: JsonPropertyName("withdrawDelay")] ulong WithdrawDelay,
    [property: JsonPropertyName("channels")] IReadOnlyList<SeededChannel> Channels)
{
    public static ReferenceSeed For(ulong chainId, IReadOnlyList<BenchChannel> channels, UInt128 price, UInt128 balance)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var first = channels[0].Config;
        return new ReferenceSeed(
            $"eip155:{chainId.ToString(CultureInfo.InvariantCulture)}",
            first.Receiver.ToString(),
            first.ReceiverAuthorizer.ToString(),
            first.Token.ToString(),
            "USD Coin",
            "2",
            price.ToString(CultureInfo.InvariantCulture),
            first.WithdrawDelay,
            [.. channels.Select(c => new SeededChannel(c.Id.ToString(), SeededChannelConfig.From(c), balance.ToString(CultureInfo.InvariantCulture)))]);
    }
}

public sealed record SeededChannel(
    [property: JsonPropertyName("channelId")] string ChannelId,
    [property: JsonPropertyName("channelConfig")] SeededChannelConfig ChannelConfig,
    [property: JsonPropertyName("balance")] string Balance);

/// <summary>The channel configuration as the npm packages store it (withdrawDelay a number, addresses checksummed).</summary>
public sealed record SeededChannelConfig(
    [property: JsonPropertyName("payer")] string Payer,
    [property: JsonPropertyName("payerAuthorizer")] string PayerAuthorizer,
    [property: JsonPropertyName("receiver")] string Receiver,
    [property: JsonPropertyName("receiverAuthorizer")] string ReceiverAuthorizer,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("withdrawDelay")] ulong WithdrawDelay,
    [property: JsonPropertyName("salt")] string Salt)
{
    public static SeededChannelConfig From(BenchChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var c = channel.Config;
        return new(c.Payer.ToString(), c.PayerAuthorizer.ToString(), c.Receiver.ToString(), c.ReceiverAuthorizer.ToString(), c.Token.ToString(), c.WithdrawDelay, c.Salt.ToString());
    }
}
