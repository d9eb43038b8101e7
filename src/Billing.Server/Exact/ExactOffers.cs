using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Billing.Evm;
using Billing.Evm.Eip712;
using Billing.Grains.Chain;
using Billing.Server.Payments;
using Billing.X402.Exact;
using Billing.X402.Formats;
using Billing.X402.Wire;
using Microsoft.Extensions.Options;

namespace Billing.Server.Exact;

/// <summary>
/// The <c>exact</c> offers this server makes, built once per price like the batch-settlement ones. The extra carries
/// the token's EIP-712 domain (name, version): the payer signs the transfer in it, and we recover the signer in it.
/// </summary>
public sealed class ExactOffers
{
    private readonly ConcurrentDictionary<UInt128, ExactOffer> _offers = new();
    private readonly ConcurrentDictionary<UInt128, Offer> _alongside = new();
    private readonly PaymentOptions _payment;
    private readonly ulong _chainId;

    public ExactOffers(IOptions<PaymentOptions> payment, IOptions<ChainOptions> chain)
    {
        _payment = payment.Value;
        _chainId = chain.Value.ChainId;
        Network = Caip2.FormatEip155(_chainId);
    }

    /// <summary>CAIP-2 id of the chain the transfers happen on.</summary>
    public string Network { get; }

    public ExactOffer For(UInt128 price) => _offers.GetOrAdd(price, Build);

    /// <summary>The batch-settlement offer with this price's <c>exact</c> offer listed after it.</summary>
    public Offer Alongside(Offer channelOffer)
    {
        ArgumentNullException.ThrowIfNull(channelOffer);
        return _alongside.GetOrAdd(channelOffer.Price, _ => channelOffer with { OtherAccepts = [For(channelOffer.Price).Requirements] });
    }

    /// <remarks>
    /// Addresses are parsed here, not at start-up, so that a host without exact routes needs no payTo or asset.
    /// </remarks>
    private ExactOffer Build(UInt128 price)
    {
        if (!Address.TryParse(_payment.PayTo, out var payTo) || !Address.TryParse(_payment.Asset, out var asset))
        {
            throw new InvalidOperationException("Payment:PayTo and Payment:Asset must be addresses to offer the exact scheme.");
        }

        var extra = JsonSerializer.SerializeToElement(new Dictionary<string, string>
        {
            ["name"] = _payment.AssetName,
            ["version"] = _payment.AssetVersion,
        });
        var requirements = new PaymentRequirements
        {
            Scheme = ExactScheme.Name,
            Network = Network,
            Amount = price.ToString(CultureInfo.InvariantCulture),
            Asset = _payment.Asset,
            PayTo = _payment.PayTo,
            MaxTimeoutSeconds = _payment.MaxTimeoutSeconds,
            Extra = extra,
        };
        return new ExactOffer(price, requirements, payTo, asset, new Eip712Domain(_payment.AssetName, _payment.AssetVersion, _chainId, asset));
    }
}
