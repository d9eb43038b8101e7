using System.Globalization;
using System.Text.Json.Nodes;
using Billing.Evm;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// Replacement values that make a payment answer someone else's offer or channel. A null value means "remove the
/// member" for offer fields and "random bytes32" for channel fields.
/// </summary>
internal sealed record FuzzTargets(
    IReadOnlyList<(string Path, JsonNode? Value)> ForeignOfferFields,
    IReadOnlyList<(string Path, JsonNode? Value)> ForeignChannelFields)
{
    public static FuzzTargets For(PaymentRequirements offer, ulong chainId, Address stranger, IEnumerable<Hash32> channels)
    {
        var price = UInt128.Parse(offer.Amount, CultureInfo.InvariantCulture);
        var other = stranger.ToString();
        (string, JsonNode?)[] offerFields =
        [
            ("accepted.scheme", "exact"), ("accepted.scheme", "upto"), ("accepted.scheme", offer.Scheme + " "), ("accepted.scheme", offer.Scheme.ToUpperInvariant()),
            ("accepted.network", "eip155:1"), ("accepted.network", $"eip155:{chainId + 1}"), ("accepted.network", $"eip155:0{chainId}"),
            ("accepted.network", $"EIP155:{chainId}"), ("accepted.network", "base-sepolia"), ("accepted.network", ""),
            ("accepted.asset", other), ("accepted.asset", offer.Asset.ToLowerInvariant()),
            ("accepted.payTo", other), ("accepted.payTo", offer.PayTo.ToLowerInvariant()),
            ("accepted.amount", (price + 1).ToString(CultureInfo.InvariantCulture)), ("accepted.amount", (price - 1).ToString(CultureInfo.InvariantCulture)),
            ("accepted.amount", "0"),
            ("accepted.maxTimeoutSeconds", offer.MaxTimeoutSeconds + 1), ("accepted.maxTimeoutSeconds", 0),
            ("accepted.extra.receiverAuthorizer", other), ("accepted.extra.withdrawDelay", 901), ("accepted.extra.name", "Not The Token"),
            ("accepted.extra.version", "0"), ("accepted.extra.minDeposit", "1"),
            ("accepted.extra.receiverAuthorizer", null), ("accepted.extra.withdrawDelay", null), ("accepted.extra.name", null),
        ];
        (string, JsonNode?)[] channelFields =
        [
            ("payload.voucher.channelId", null), ("payload.channelConfig.salt", null),
            .. channels.Select(id => ("payload.voucher.channelId", (JsonNode?)id.ToString())),
            ("payload.channelConfig.withdrawDelay", 901), ("payload.channelConfig.withdrawDelay", 0), ("payload.channelConfig.withdrawDelay", 1L << 40),
            ("payload.channelConfig.payer", other), ("payload.channelConfig.payerAuthorizer", other), ("payload.channelConfig.receiver", other),
            ("payload.channelConfig.receiverAuthorizer", other), ("payload.channelConfig.token", other),
        ];
        return new FuzzTargets(offerFields, channelFields);
    }
}
