using System.Net;
using Billing.Client.Payments;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Formats;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.Client.Channels;

/// <summary>
/// Takes unspent escrow back from the payee of a resource: asks the resource for its 402 to learn the channel terms,
/// then sends each of the agent's channels to that payee a refund payload whose voucher signs exactly what was charged
/// (it charges nothing, and lets the payee claim what it earned in the same transaction). Each channel's lane is held
/// meanwhile, so no payment races the refund.
/// </summary>
internal sealed class ChannelRefunder(PayerSigner signer, PayerOptions options, IPayerChannelStore store, PayeeLanes lanes)
{
    public async Task<IReadOnlyList<ChannelRefund>> RefundAsync(PaymentTransport send, Uri resource, UInt128? amount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (amount == UInt128.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "A refund amount is at least 1; pass null to take back everything unspent.");
        }

        var offer = await ReadOfferAsync(send, resource, cancellationToken);
        var payeeLanes = lanes.For(offer);
        if (amount is not null && payeeLanes.Count > 1)
        {
            throw new ArgumentException("A partial refund names one channel; with several channels per payee, refund everything (amount null).", nameof(amount));
        }

        var refunds = new List<ChannelRefund>();
        for (var lane = 0; lane < payeeLanes.Count; lane++)
        {
            await payeeLanes.AcquireAsync(lane, cancellationToken);
            try
            {
                var channel = BoundChannel.For(offer, signer.Address, options, lane);
                if (await RefundChannelAsync(send, resource, channel, amount, cancellationToken) is { } refund)
                {
                    refunds.Add(refund);
                }
            }
            finally
            {
                payeeLanes.Release(lane);
            }
        }

        return refunds;
    }

    private static async Task<ChannelOffer> ReadOfferAsync(PaymentTransport send, Uri resource, CancellationToken cancellationToken)
    {
        using var probe = PassThrough(resource);
        using var challenge = await send(probe, cancellationToken);
        if (challenge.StatusCode != HttpStatusCode.PaymentRequired)
        {
            throw new RefundRefusedException(null, $"{resource} answered {(int)challenge.StatusCode}, not 402: it names no channel terms to refund against.");
        }

        if (!OfferReader.TryReadChallenge(challenge, out var required, out var problem))
        {
            throw new RefundRefusedException(null, problem);
        }

        return OfferReader.ChannelOffers(required).FirstOrDefault()
            ?? throw new RefundRefusedException(null, $"{resource} makes no batch-settlement offer.");
    }

    /// <summary>The refund of one channel, or null when the channel holds nothing to refund.</summary>
    private async Task<ChannelRefund?> RefundChannelAsync(
        PaymentTransport send, Uri resource, BoundChannel channel, UInt128? amount, CancellationToken cancellationToken)
    {
        var known = await store.GetAsync(channel.Id, cancellationToken);
        var charged = known?.ChargedCumulative ?? UInt128.Zero;
        for (var attempt = 0; ; attempt++)
        {
            var payload = ChannelPayloads.Refund(channel, signer, charged, amount);
            using var request = PassThrough(resource);
            request.Headers.TryAddWithoutValidation(
                X402Headers.PaymentSignature,
                PaymentEnvelope.Encode(channel.Offer, BatchSettlementPayloadReader.ToJsonElement(payload)));
            using var response = await send(request, cancellationToken);
            if (ChannelReplies.TryReadReceipt(response, out var receipt))
            {
                await RememberAsync(channel, known, receipt, cancellationToken);
                DecimalString.TryParseUInt128(receipt.Amount, out var refunded);
                return new ChannelRefund(channel.Id, refunded, receipt.Transaction);
            }

            if (!ChannelReplies.TryReadRefusal(response, out var refusal))
            {
                throw new RefundRefusedException(null, $"The refund was answered with {(int)response.StatusCode} and no x402 reply.");
            }

            // The payee's charged total differs from ours: sign exactly its total (checked against our own voucher) once.
            if (attempt == 0 && ChannelReplies.TryReadCorrection(refusal, channel, signer, out var correction))
            {
                charged = correction.ChargedCumulative;
                known = correction;
                continue;
            }

            if (refusal.Error is X402ErrorReasons.BatchRefundNoBalance or X402ErrorReasons.BatchChannelNotFound)
            {
                if (refusal.Error == X402ErrorReasons.BatchChannelNotFound && known is not null)
                {
                    await store.DeleteAsync(channel.Id, cancellationToken);
                }

                return null;
            }

            throw new RefundRefusedException(refusal.Error, $"The payee refused the refund of channel {channel.Id}: {refusal.Error}.");
        }
    }

    /// <summary>Drops the record of an emptied channel; keeps a partly refunded one with its new balance.</summary>
    private async ValueTask RememberAsync(BoundChannel channel, PayerChannel? known, SettlementResponse receipt, CancellationToken cancellationToken)
    {
        if (ChannelReplies.TryReadState(receipt, channel, out var charged, out var balance) && balance > charged)
        {
            var signed = UInt128.Max(known?.SignedMaxClaimable ?? UInt128.Zero, charged);
            await store.SetAsync(channel.Id, new PayerChannel(charged, signed, balance), cancellationToken);
            return;
        }

        await store.DeleteAsync(channel.Id, cancellationToken);
    }

    private static HttpRequestMessage PassThrough(Uri resource)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, resource);
        request.Options.Set(X402RequestOptions.PassThrough, true);
        return request;
    }
}
