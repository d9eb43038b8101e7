using System.Collections.Concurrent;
using System.Globalization;
using Billing.Client.Channels;
using Billing.Core.Budgets;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Formats;
using Billing.X402.Http;
using Billing.X402.Wire;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;
using WireChannelConfig = Billing.X402.BatchSettlement.ChannelConfig;

namespace Billing.Client.Payments;

/// <summary>
/// Answers HTTP 402 with a batch-settlement voucher: signs Voucher(channelId, charged + price) with the payer authorizer
/// key, resends the request with PAYMENT-SIGNATURE, and records the charge the server reports. A corrective 402 (the
/// server's charged total differs from ours) is adopted once, after checking that the server holds a voucher we signed
/// that covers it. Requests on one channel are sent one at a time, as the scheme allows one open request per channel.
/// </summary>
public sealed class X402PaymentHandler : DelegatingHandler
{
    private readonly PrivateKey _authorizer;
    private readonly Address _payer;
    private readonly PayerOptions _options;
    private readonly IPayerChannelStore _store;
    private readonly ISecp256k1 _curve;
    private readonly ConcurrentDictionary<Hash32, SemaphoreSlim> _channelLocks = new();
    private readonly SpendPolicy _budget;
    private readonly TimeProvider _time;

    public X402PaymentHandler(
        PrivateKey authorizer, PayerOptions options, IPayerChannelStore? store = null, ISecp256k1? curve = null, TimeProvider? time = null)
    {
        _authorizer = authorizer;
        _payer = authorizer.Address;
        _options = options;
        _store = store ?? new InMemoryPayerChannelStore();
        _curve = curve ?? Secp256k1.Default;
        _budget = new SpendPolicy(options.Limits);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>What this agent spent (in ceilings it agreed to pay) in the current hour and day.</summary>
    public (UInt128 Hour, UInt128 Day) Spent => (_budget.SpentInHour(_time.GetUtcNow()), _budget.SpentInDay(_time.GetUtcNow()));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Buffer the body once: the request is sent again with the payment.
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.PaymentRequired)
        {
            return response;
        }

        var offer = ChooseOffer(response);
        var channel = BindChannel(offer);
        var spend = new ProposedSpend(offer.Price, offer.Requirements.Asset, offer.Requirements.Network, channel.Id.ToString());
        var decision = _budget.TryAccept(spend, _time.GetUtcNow());
        if (!decision.IsAllowed)
        {
            throw new PaymentDeclinedException(decision.Reason);
        }

        var gate = _channelLocks.GetOrAdd(channel.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            response.Dispose();
            var known = await _store.GetAsync(channel.Id, cancellationToken);
            var charged = known?.ChargedCumulative ?? UInt128.Zero;
            for (var attempt = 0; ; attempt++)
            {
                var paid = await base.SendAsync(WithPayment(request, body, offer, channel, charged), cancellationToken);
                if (TryReadReceipt(paid, out var state))
                {
                    await RememberAsync(channel.Id, state, charged + offer.Price, cancellationToken);
                    return paid;
                }

                if (attempt == 0 && TryReadCorrection(paid, channel, out var corrected))
                {
                    paid.Dispose();
                    charged = corrected;
                    continue;
                }

                return paid;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private ChosenOffer ChooseOffer(HttpResponseMessage response)
    {
        var header = response.Headers.TryGetValues(X402Headers.PaymentRequired, out var values) ? values.FirstOrDefault() : null;
        if (!PaymentHeaderCodec.Default.DecodePaymentRequired(header).TryGetValue(out var required, out var error))
        {
            throw new PaymentDeclinedException($"The 402 carries no readable {X402Headers.PaymentRequired} header ({error.Reason}).");
        }

        SpendDecision? firstDenial = null;
        foreach (var requirements in required.Accepts)
        {
            if (requirements.Scheme != BatchSettlementScheme.Name
                || !Caip2.TryParseEip155(requirements.Network, out var chainId)
                || !Address.TryParse(requirements.Asset, out var asset)
                || !Address.TryParse(requirements.PayTo, out var payTo)
                || !DecimalString.TryParseUInt128(requirements.Amount, out var price)
                || !BatchSettlementExtra.ReadRequirementsExtra(requirements).TryGetValue(out var extra, out _)
                || !Address.TryParse(extra.ReceiverAuthorizer, out var receiverAuthorizer)
                || receiverAuthorizer.IsZero)
            {
                continue;
            }

            // Never more than the offer accepted, and only what the owner's limits allow.
            var decision = _budget.Evaluate(new ProposedSpend(price, requirements.Asset, requirements.Network), _time.GetUtcNow());
            if (!decision.IsAllowed)
            {
                firstDenial ??= decision;
                continue;
            }

            return new ChosenOffer(requirements, required.Resource, chainId, asset, payTo, receiverAuthorizer, (ulong)extra.WithdrawDelay, price);
        }

        throw new PaymentDeclinedException(firstDenial?.Reason ?? "No batch-settlement offer this agent can pay.");
    }

    private BoundChannel BindChannel(ChosenOffer offer)
    {
        var config = new EvmChannelConfig(_payer, _payer, offer.PayTo, offer.ReceiverAuthorizer, offer.Asset, offer.WithdrawDelay, _options.ChannelSalt);
        var domain = new BatchSettlementDomain(offer.ChainId, _options.SettlementContract);
        return new BoundChannel(domain.ChannelId(config), config, domain);
    }

    private HttpRequestMessage WithPayment(HttpRequestMessage original, byte[]? body, ChosenOffer offer, BoundChannel channel, UInt128 charged)
    {
        var maxClaimable = charged + offer.Price;
        var signature = _curve.Sign(channel.Domain.VoucherDigest(channel.Id, maxClaimable).AsSpan(), _authorizer);
        var config = channel.Config;
        var payload = new VoucherPayload
        {
            ChannelConfig = new WireChannelConfig
            {
                Payer = config.Payer.ToString(),
                PayerAuthorizer = config.PayerAuthorizer.ToString(),
                Receiver = config.Receiver.ToString(),
                ReceiverAuthorizer = config.ReceiverAuthorizer.ToString(),
                Token = config.Token.ToString(),
                WithdrawDelay = (long)config.WithdrawDelay,
                Salt = config.Salt.ToString(),
            },
            Voucher = new SignedVoucher
            {
                ChannelId = channel.Id.ToString(),
                MaxClaimableAmount = maxClaimable.ToString(CultureInfo.InvariantCulture),
                Signature = Hex.Encode(signature),
            },
        };
        var payment = new PaymentPayload
        {
            X402Version = 2,
            Resource = offer.Resource,
            Accepted = offer.Requirements,
            Payload = BatchSettlementPayloadReader.ToJsonElement(payload),
        };

        var copy = new HttpRequestMessage(original.Method, original.RequestUri) { Version = original.Version, VersionPolicy = original.VersionPolicy };
        foreach (var header in original.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var header in original.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        copy.Headers.Remove(X402Headers.PaymentSignature);
        copy.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, PaymentHeaderCodec.Default.EncodePaymentSignature(payment));
        return copy;
    }

    private static bool TryReadReceipt(HttpResponseMessage response, out ChannelStateExtra? state)
    {
        state = null;
        if (!response.Headers.TryGetValues(X402Headers.PaymentResponse, out var values)
            || !PaymentHeaderCodec.Default.DecodePaymentResponse(values.FirstOrDefault()).TryGetValue(out var receipt, out _)
            || !receipt.Success)
        {
            return false;
        }

        state = BatchSettlementExtra.ReadResponseExtra(receipt).TryGetValue(out var extra, out _) ? extra.ChannelState : null;
        return true;
    }

    private async ValueTask RememberAsync(Hash32 channelId, ChannelStateExtra? state, UInt128 signed, CancellationToken cancellationToken)
    {
        if (state is null
            || !DecimalString.TryParseUInt128(state.ChargedCumulativeAmount, out var charged)
            || !DecimalString.TryParseUInt128(state.Balance, out var balance)
            || charged > signed)
        {
            // A receipt that claims more than we signed is not believed; the next 402 will correct us if needed.
            await _store.DeleteAsync(channelId, cancellationToken);
            return;
        }

        await _store.SetAsync(channelId, new PayerChannel(charged, signed, balance), cancellationToken);
    }

    /// <summary>
    /// Reads a corrective 402. The server's charged total is adopted only if the server shows a voucher we signed for at
    /// least that much: it can never make us pay beyond our own signature.
    /// </summary>
    private bool TryReadCorrection(HttpResponseMessage response, BoundChannel channel, out UInt128 charged)
    {
        charged = default;
        if (response.StatusCode != System.Net.HttpStatusCode.PaymentRequired
            || !response.Headers.TryGetValues(X402Headers.PaymentRequired, out var values)
            || !PaymentHeaderCodec.Default.DecodePaymentRequired(values.FirstOrDefault()).TryGetValue(out var required, out _)
            || required.Error is not (X402ErrorReasons.BatchCumulativeAmountMismatch or X402ErrorReasons.BatchCumulativeBelowClaimed))
        {
            return false;
        }

        foreach (var requirements in required.Accepts)
        {
            if (!BatchSettlementExtra.ReadRequirementsExtra(requirements).TryGetValue(out var extra, out _)
                || extra.ChannelState is not { } state
                || !string.Equals(state.ChannelId, channel.Id.ToString(), StringComparison.OrdinalIgnoreCase)
                || !DecimalString.TryParseUInt128(state.ChargedCumulativeAmount, out var serverCharged))
            {
                continue;
            }

            if (serverCharged == UInt128.Zero)
            {
                charged = serverCharged;
                return true;
            }

            if (extra.VoucherState is { } voucher
                && DecimalString.TryParseUInt128(voucher.SignedMaxClaimable, out var signedMax)
                && serverCharged <= signedMax
                && Hex.TryDecode(voucher.Signature ?? "", out var signature)
                && _curve.TryRecover(channel.Domain.VoucherDigest(channel.Id, signedMax).AsSpan(), signature, out var signer)
                && signer == _payer)
            {
                charged = serverCharged;
                return true;
            }
        }

        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var gate in _channelLocks.Values)
            {
                gate.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private sealed record ChosenOffer(
        PaymentRequirements Requirements, ResourceInfo? Resource, ulong ChainId, Address Asset, Address PayTo, Address ReceiverAuthorizer, ulong WithdrawDelay, UInt128 Price);

    private sealed record BoundChannel(Hash32 Id, EvmChannelConfig Config, BatchSettlementDomain Domain);
}
