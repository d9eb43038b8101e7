using Billing.Client.Channels;
using Billing.Client.Exact;
using Billing.Core.Budgets;
using Billing.Evm;

namespace Billing.Client.Payments;

/// <summary>
/// One paying agent: its key, its owner's limits, its channel records and the lanes its requests take. Thread-safe and
/// meant to live as long as the agent; any number of <see cref="X402PaymentHandler"/>s may share it (an
/// <c>IHttpClientFactory</c> recycles handlers, and spend limits and channel queues must survive that).
/// </summary>
public sealed class X402Payer : IDisposable
{
    private readonly PrivateKey _key;
    private readonly bool _ownsKey;
    private readonly SpendPolicy _budget;
    private readonly TimeProvider _time;
    private readonly OfferSelector _selector;
    private readonly ChannelPayer _channels;
    private readonly ChannelRefunder _refunder;
    private readonly ExactPayer _exact;

    /// <param name="payer">Signs vouchers (as the channel's payer authorizer) and deposit and exact authorizations. Not disposed by this object.</param>
    /// <param name="options">Read once, here.</param>
    /// <param name="store">Channel records; in memory when null.</param>
    /// <param name="curve">secp256k1 implementation; the process default when null.</param>
    /// <param name="time">Clock for spend periods and authorization windows; the system clock when null.</param>
    public X402Payer(PrivateKey payer, PayerOptions options, IPayerChannelStore? store = null, ISecp256k1? curve = null, TimeProvider? time = null)
        : this(payer, options, store, curve, time, ownsKey: false)
    {
    }

    internal X402Payer(PrivateKey payer, PayerOptions options, IPayerChannelStore? store, ISecp256k1? curve, TimeProvider? time, bool ownsKey)
    {
        ArgumentNullException.ThrowIfNull(payer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _key = payer;
        _ownsKey = ownsKey;
        _time = time ?? TimeProvider.System;
        _budget = new SpendPolicy(options.Limits);
        var signer = new PayerSigner(payer, curve ?? Secp256k1.Default);
        var channelStore = store ?? new InMemoryPayerChannelStore();
        var lanes = new PayeeLanes(options.Concurrency);
        _selector = new OfferSelector(_budget, options, _time);
        _channels = new ChannelPayer(signer, options, channelStore, _budget, lanes, _time);
        _refunder = new ChannelRefunder(signer, options, channelStore, lanes);
        _exact = new ExactPayer(signer, _budget, _time);
        Address = signer.Address;
    }

    /// <summary>The paying account: the channels' payer and payer authorizer.</summary>
    public Address Address { get; }

    /// <summary>What this agent spent (request prices it agreed to pay) in the current UTC hour and day.</summary>
    public (UInt128 Hour, UInt128 Day) Spent => (_budget.SpentInHour(_time.GetUtcNow()), _budget.SpentInDay(_time.GetUtcNow()));

    /// <summary>
    /// Takes back unspent escrow from the agent's channels to the payee of <paramref name="resource"/> (a paid URL).
    /// <paramref name="amount"/> null refunds everything not charged; a partial amount needs the queue concurrency mode
    /// (one channel per payee). Channels with nothing to refund are skipped. The transport may be a client that pays
    /// automatically: refund traffic is marked <see cref="X402RequestOptions.PassThrough"/>.
    /// </summary>
    /// <exception cref="RefundRefusedException">The resource offers no channel terms, or the payee refused.</exception>
    public Task<IReadOnlyList<ChannelRefund>> RefundAsync(
        HttpMessageInvoker transport, Uri resource, UInt128? amount = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return _refunder.RefundAsync(transport.SendAsync, resource, amount, cancellationToken);
    }

    internal Task<IReadOnlyList<ChannelRefund>> RefundAsync(PaymentTransport send, Uri resource, UInt128? amount, CancellationToken cancellationToken) =>
        _refunder.RefundAsync(send, resource, amount, cancellationToken);

    /// <summary>Answers a 402: picks an offer within the owner's limits and sends the request again, paid.</summary>
    internal async Task<HttpResponseMessage> AnswerAsync(
        HttpResponseMessage challenge, BufferedRequest request, PaymentTransport send, CancellationToken cancellationToken)
    {
        PaidOffer offer;
        using (challenge)
        {
            if (!OfferReader.TryReadChallenge(challenge, out var required, out var problem))
            {
                throw new PaymentDeclinedException(problem);
            }

            offer = _selector.Select(required);
        }

        return offer switch
        {
            ChannelOffer channel => await _channels.PayAsync(request, channel, send, cancellationToken),
            ExactOffer exact => await _exact.PayAsync(request, exact, send, cancellationToken),
            _ => throw new InvalidOperationException($"No payer for {offer.GetType().Name}."),
        };
    }

    public override string ToString() => $"X402Payer({Address})";

    public void Dispose()
    {
        if (_ownsKey)
        {
            _key.Dispose();
        }
    }
}
