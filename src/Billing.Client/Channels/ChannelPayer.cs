using Billing.Client.Payments;
using Billing.Client.Streams;
using Billing.Core.Budgets;
using Billing.X402.BatchSettlement;
using Billing.X402.Wire;

namespace Billing.Client.Channels;

/// <summary>
/// Pays one request through a batch-settlement channel. Takes a free lane (a channel to the payee), counts the price
/// against the owner's limits, and signs Voucher(channelId, charged + price): never more than the offer's price above
/// what the payee has charged. When the channel's escrow cannot cover that voucher, the same request carries a deposit
/// (an ERC-3009 authorization the payee executes on chain). Each recovery happens at most once per request: adopting a
/// corrective 402's charged total, and depositing after the payee reports missing escrow.
/// </summary>
/// <remarks>
/// With no local record the agent does not know whether the channel exists (it restarted without its store, or the
/// channel was funded elsewhere), so it sends a voucher first and deposits only when the payee answers that there is no
/// escrow; depositing blindly could lock up funds twice.
/// </remarks>
internal sealed class ChannelPayer(
    PayerSigner signer, PayerOptions options, IPayerChannelStore store, SpendPolicy budget, PayeeLanes lanes, TimeProvider time)
{
    public async Task<HttpResponseMessage> PayAsync(BufferedRequest request, ChannelOffer offer, PaymentTransport send, CancellationToken cancellationToken)
    {
        var payeeLanes = lanes.For(offer);
        var lane = await payeeLanes.AcquireAnyAsync(cancellationToken);
        try
        {
            var channel = BoundChannel.For(offer, signer.Address, options, lane);
            var spend = new ProposedSpend(offer.Price, offer.Requirements.Asset, offer.Requirements.Network, channel.Id.ToString());
            var decision = budget.TryAccept(spend, time.GetUtcNow());
            if (!decision.IsAllowed)
            {
                throw new PaymentDeclinedException(decision.Reason);
            }

            return await PayOnChannelAsync(request, channel, send, cancellationToken);
        }
        finally
        {
            payeeLanes.Release(lane);
        }
    }

    private async Task<HttpResponseMessage> PayOnChannelAsync(
        BufferedRequest request, BoundChannel channel, PaymentTransport send, CancellationToken cancellationToken)
    {
        var offer = channel.Offer;
        var known = await store.GetAsync(channel.Id, cancellationToken);
        var corrected = false;
        var deposited = false;
        var escrowMissing = false;
        while (true)
        {
            var charged = known?.ChargedCumulative ?? UInt128.Zero;
            if (UInt128.MaxValue - charged < offer.Price)
            {
                throw new PaymentDeclinedException("The channel's charged total cannot grow by this price.");
            }

            var maxClaimable = charged + offer.Price;
            UInt128? deposit = null;
            if (!deposited && (escrowMissing || (known is not null && (known.Balance == UInt128.Zero || maxClaimable > known.Balance))))
            {
                deposit = DepositSizing.Size(charged, offer.Price, known?.Balance ?? UInt128.Zero, offer.MinDeposit, options.DepositMultiplier, DepositCap)
                    ?? throw new PaymentDeclinedException("The deposit this request needs exceeds the agent's deposit cap.");
                deposited = true;
            }

            BatchSettlementPayload payload = deposit is { } amount
                ? ChannelPayloads.Deposit(channel, signer, maxClaimable, amount, options.Erc3009DepositCollector, time.GetUtcNow())
                : ChannelPayloads.Voucher(channel, signer, maxClaimable);
            var header = PaymentEnvelope.Encode(offer, BatchSettlementPayloadReader.ToJsonElement(payload));
            var response = await send(request.WithPayment(header), cancellationToken);
            if (ChannelReplies.TryReadReceipt(response, out var receipt))
            {
                await RememberAsync(channel, receipt, maxClaimable, cancellationToken);
                WatchStreamCharge(response, channel, maxClaimable);
                return response;
            }

            if (!ChannelReplies.TryReadRefusal(response, out var refusal))
            {
                return response;
            }

            if (!corrected && ChannelReplies.TryReadCorrection(refusal, channel, signer, out var correction))
            {
                corrected = true;
                known = correction;
                await store.SetAsync(channel.Id, correction, cancellationToken);
                response.Dispose();
                continue;
            }

            if (!deposited && ChannelReplies.NeedsDeposit(refusal))
            {
                escrowMissing = true;
                known = (known ?? new PayerChannel(UInt128.Zero, UInt128.Zero, UInt128.Zero)) with
                {
                    Balance = ChannelReplies.ReportedBalance(refusal, channel) ?? UInt128.Zero,
                };
                response.Dispose();
                continue;
            }

            return response;
        }
    }

    /// <summary>
    /// A streamed answer's receipt can only state the reserved ceiling as charged; its last event states the actual
    /// charge. Watching the body for that event as the caller reads it lets the next voucher be right the first time,
    /// without the corrective 402 it would otherwise take.
    /// </summary>
    private void WatchStreamCharge(HttpResponseMessage response, BoundChannel channel, UInt128 signed)
    {
        if (string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            response.Content = new ChargeWatchingContent(response.Content, (data, cancellationToken) => AdoptStreamChargeAsync(channel, data, signed, cancellationToken));
        }
    }

    /// <summary>
    /// Adopts a stream's final charge, under the rules a receipt follows (never more than this agent signed), and only
    /// while the record is still the one this request left: a later voucher on the channel already knows better.
    /// </summary>
    private async ValueTask AdoptStreamChargeAsync(BoundChannel channel, string data, UInt128 signed, CancellationToken cancellationToken)
    {
        if (!ChannelReplies.TryReadStreamCharge(data, channel, out var charged, out var balance)
            || await store.GetAsync(channel.Id, cancellationToken) is not { } known
            || known.SignedMaxClaimable != signed)
        {
            return;
        }

        if (charged > signed)
        {
            await store.DeleteAsync(channel.Id, cancellationToken);
            return;
        }

        await store.SetAsync(channel.Id, new PayerChannel(charged, signed, balance), cancellationToken);
    }

    private UInt128? DepositCap => options.MaxDeposit ?? DepositSizing.DefaultCap(options.Limits.PerRequest, options.DepositMultiplier);

    /// <summary>
    /// Adopts the channel state of a receipt. A receipt claiming more than this agent signed, or without a readable
    /// state, is not believed: the record is dropped and the payee's next corrective 402 restores it.
    /// </summary>
    private async ValueTask RememberAsync(BoundChannel channel, SettlementResponse receipt, UInt128 signed, CancellationToken cancellationToken)
    {
        if (ChannelReplies.TryReadState(receipt, channel, out var charged, out var balance) && charged <= signed)
        {
            await store.SetAsync(channel.Id, new PayerChannel(charged, signed, balance), cancellationToken);
            return;
        }

        await store.DeleteAsync(channel.Id, cancellationToken);
    }
}
