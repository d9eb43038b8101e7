using System.Collections.Concurrent;
using System.Globalization;
using Billing.Grains.Chain;
using Billing.Server.Hosting;
using System.Text.Json;
using Billing.X402.BatchSettlement;
using Billing.X402.Extensions;
using Billing.X402.Formats;
using Billing.X402.Wire;
using Microsoft.Extensions.Options;

namespace Billing.Server.Payments;

/// <summary>
/// The offers this server makes, built once per price: a 402 costs a dictionary lookup, and payments are matched against
/// the very objects that were offered.
/// </summary>
public sealed class OfferCatalog
{
    private readonly ConcurrentDictionary<UInt128, Offer> _offers = new();
    private readonly PaymentOptions _payment;
    private readonly string _receiverAuthorizer;

    public OfferCatalog(IOptions<PaymentOptions> payment, IOptions<ChainOptions> chain, ServerKeys keys)
    {
        _payment = payment.Value;
        _receiverAuthorizer = keys.ReceiverAuthorizer.Address.ToString();
        Network = Caip2.FormatEip155(chain.Value.ChainId);
    }

    /// <summary>CAIP-2 id of the chain the channels live on.</summary>
    public string Network { get; }

    public Offer For(UInt128 price) => _offers.GetOrAdd(price, Build);

    /// <summary>
    /// The offer for one request's own price (a metered ceiling). Not cached: such prices vary with every request body,
    /// and a cache keyed by them would grow without bound.
    /// </summary>
    public Offer ForRequest(UInt128 price) => _offers.TryGetValue(price, out var offer) ? offer : Build(price);

    private Offer Build(UInt128 price)
    {
        var extra = new BatchSettlementRequirementsExtra
        {
            ReceiverAuthorizer = _receiverAuthorizer,
            WithdrawDelay = checked((long)_payment.WithdrawDelay),
            Name = _payment.AssetName,
            Version = _payment.AssetVersion,
            MinDeposit = (price * (UInt128)_payment.MinDepositMultiplier).ToString(CultureInfo.InvariantCulture),
        };
        var requirements = new PaymentRequirements
        {
            Scheme = BatchSettlementScheme.Name,
            Network = Network,
            Amount = price.ToString(CultureInfo.InvariantCulture),
            Asset = _payment.Asset,
            PayTo = _payment.PayTo,
            MaxTimeoutSeconds = _payment.MaxTimeoutSeconds,
            Extra = BatchSettlementExtra.ToJsonElement(extra),
        };
        var extensions = new Dictionary<string, JsonElement>
        {
            [PaymentIdentifier.Key] = PaymentIdentifier.ToJsonElement(PaymentIdentifier.Declare(_payment.RequirePaymentIdentifier)),
        };
        return new Offer(price, requirements, extra, extensions);
    }
}

/// <summary>One batch-settlement offer: the wire form and its typed extra.</summary>
public sealed record Offer(
    UInt128 Price, PaymentRequirements Requirements, BatchSettlementRequirementsExtra Extra, IReadOnlyDictionary<string, JsonElement> Extensions)
{
    /// <summary>Offers of other schemes listed after this one in the same 402 (the route's <c>exact</c> offer).</summary>
    public IReadOnlyList<PaymentRequirements> OtherAccepts { get; init; } = [];
}
