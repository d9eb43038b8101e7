using System.Globalization;
using Billing.Abstractions.Channels;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Server.Exact;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Exact;
using Billing.X402.Extensions;
using Billing.X402.Formats;
using Billing.X402.Http;
using Billing.X402.Matching;
using Billing.X402.Wire;
using Microsoft.Extensions.Options;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;
using WireChannelConfig = Billing.X402.BatchSettlement.ChannelConfig;

namespace Billing.Server.Payments;

/// <summary>
/// x402 on endpoints marked with <see cref="PaymentRequirement"/>: challenge unpaid requests, verify and reserve through the
/// channel grain, run the handler with its output held back, then commit (status below 400) or void, and answer with
/// PAYMENT-RESPONSE. Nothing is charged unless the handler succeeded, and a refused payment never reaches the handler.
/// </summary>
public sealed partial class PaymentMiddleware(
    RequestDelegate next,
    OfferCatalog offers,
    BatchSettlementDomain domain,
    IGrainFactory grains,
    ChannelDeposits deposits,
    ChannelRefunds refunds,
    ReservationLeases leases,
    PaymentRateLimits limits,
    PaidResponseStore answers,
    PaidRouteTable routes,
    ExactPayments exact,
    IOptions<PaymentOptions> paymentOptions,
    ILogger<PaymentMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requirement = context.GetEndpoint()?.Metadata.GetMetadata<PaymentRequirement>() ?? routes.Find(context.Request.Path);
        if (requirement is null)
        {
            await next(context);
            return;
        }

        if (requirement.Schemes == PaymentSchemes.Exact && requirement.Metering is null)
        {
            await exact.InvokeAsync(context, requirement.Price, next);
            return;
        }

        MeteredExchange? metered = null;
        if (requirement.Metering is { } metering)
        {
            // A metered route's price is this request's own worst case, known before any payment is looked at.
            var quote = await metering.QuoteAsync(context);
            if (quote.Exchange is null)
            {
                await RefuseUnpaidAsync(context, () => quote.RefuseAsync(context));
                return;
            }

            metered = quote.Exchange;
        }

        var offer = metered is null ? offers.For(requirement.Price) : offers.ForRequest(metered.Ceiling);
        var offersExact = metered is null && requirement.Schemes.HasFlag(PaymentSchemes.Exact);
        if (offersExact)
        {
            offer = exact.Alongside(offer);
        }

        var paymentHeader = PaymentHeader.Read(context.Request);
        var (header, receiptHeader) = paymentHeader;
        if (paymentHeader.IsMissing)
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.ChallengeAsync(context, offer, null, $"send a {X402Headers.PaymentSignature} header"));
            return;
        }

        if (!paymentHeader.TryDecode(offer.Requirements, out var payment, out var decodeError))
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.MalformedAsync(context, decodeError));
            return;
        }

        if (offersExact && payment.Accepted.Scheme == ExactScheme.Name)
        {
            await exact.PayAsync(context, requirement.Price, payment, receiptHeader, [offer.Requirements, .. offer.OtherAccepts], next);
            return;
        }

        if (!OfferMatcher.Matches(offer.Requirements, payment.Accepted))
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.ChallengeAsync(
                context, offer, X402ErrorReasons.InvalidPaymentRequirements, "the accepted offer is not one this route makes"));
            return;
        }

        if (!BatchSettlementPayloadReader.ReadClientPayload(payment.Payload).TryGetValue(out var payload, out var readError))
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.MalformedAsync(context, readError));
            return;
        }

        var valid = BatchSettlementPayloadValidator.Validate(payload);
        if (!valid.IsValid)
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.MalformedAsync(context, valid.Error));
            return;
        }

        var bound = BatchSettlementBindingValidator.Validate(payload, offer.Requirements, offer.Extra);
        if (!bound.IsValid)
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.ChallengeAsync(context, offer, bound.Error.Reason, bound.Error.Message));
            return;
        }

        if (payload is RefundPayload refund)
        {
            // A refund never runs the route: it settles the channel and answers for itself.
            await RefundAsync(context, offer, refund, receiptHeader);
            return;
        }

        var (wireConfig, voucher) = payload switch
        {
            VoucherPayload v => (v.ChannelConfig, v.Voucher),
            DepositPayload d => (d.ChannelConfig, d.Voucher),
            _ => (null, null),
        };
        if (wireConfig is null || voucher is null)
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.ChallengeAsync(
                context, offer, X402ErrorReasons.BatchPayloadType, $"'{payload.Type}' payloads are not accepted on paid routes"));
            return;
        }

        if (!PaymentIdentifier.ReadId(payment.Extensions, paymentOptions.Value.RequirePaymentIdentifier).TryGetValue(out var paymentId, out var idError))
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.MalformedAsync(context, idError));
            return;
        }

        // The channel's ledger tells a payment seen before from a new one, in memory; the stored answers are read only then.
        var fingerprint = paymentId is null ? null : PaidResponseStore.Fingerprint(header);
        await PayAsync(context, offer, wireConfig, voucher, payload as DepositPayload, paymentId ?? Guid.NewGuid().ToString("N"), fingerprint, receiptHeader, metered);
    }

    /// <summary>
    /// Unpaid and malformed traffic is counted per client address, and refused with 429 past its limit before it costs
    /// anything more than a bucket lookup.
    /// </summary>
    private Task RefuseUnpaidAsync(HttpContext context, Func<Task> reply)
    {
        var decision = limits.Unpaid(context);
        return decision.IsAllowed ? reply() : PaymentRateLimits.RefuseAsync(context, decision);
    }

    private async Task PayAsync(
        HttpContext context, Offer offer, WireChannelConfig wireConfig, SignedVoucher voucher, DepositPayload? deposit, string requestId, byte[]? fingerprint, string receiptHeader, MeteredExchange? metered)
    {
        if (!TryBindChannel(wireConfig, voucher, out var channelId, out var config, out var message, out var bindError))
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.ChallengeAsync(context, offer, bindError.Reason, bindError.Message));
            return;
        }

        // What follows costs an activation, a signature check and maybe chain reads before we know whether the payment is
        // good: the client's unpaid budget pays for it up front and gets it back only when the payment is accepted.
        if (limits.Unpaid(context) is { IsAllowed: false } spent)
        {
            await PaymentRateLimits.RefuseAsync(context, spent);
            return;
        }

        var channelKey = channelId.ToString();
        if (limits.Paid(channelKey, wireConfig.Payer) is { IsAllowed: false } busy)
        {
            await PaymentRateLimits.RefuseAsync(context, busy);
            return;
        }

        if (metered is not null && limits.Tokens(channelKey, wireConfig.Payer, metered.TokenBound) is { IsAllowed: false } tokens)
        {
            await PaymentRateLimits.RefuseAsync(context, tokens);
            return;
        }

        // Formats were validated above, so these parses cannot fail.
        DecimalString.TryParseUInt128(voucher.MaxClaimableAmount, out var signed);
        var signature = Hex.Decode(voucher.Signature);
        var channel = grains.GetGrain<IChannelGrain>(channelKey);

        var presentation = new VoucherPresentation(requestId, message, signed, signature, offer.Price);
        DepositOutcome? deposited = null;
        if (deposit is not null)
        {
            // A retried deposit payment must not reach the chain again: its answer, when kept, is the answer.
            if (fingerprint is not null && await TryAnswerFromStoreAsync(context, channelKey, requestId, fingerprint, receiptHeader))
            {
                return;
            }

            if (!await CanSendDepositAsync(context, offer, channel, presentation, deposit, channelId, config))
            {
                return;
            }

            deposited = await deposits.ExecuteAsync(deposit, channelId, config, context.RequestAborted);
            if (!deposited.Succeeded)
            {
                await PaymentReplies.ChallengeAsync(context, offer, deposited.Reason, deposited.Message!);
                return;
            }

            // The grain must see the new escrow before it weighs the voucher that spends it.
            try
            {
                await channel.SyncFromChain();
            }
            catch (InvalidOperationException)
            {
                await PaymentReplies.ChallengeAsync(
                    context, offer, X402ErrorReasons.BatchVerificationStateUnavailable, $"deposited in {deposited.Transaction}, but the channel could not be read back; retry with a voucher");
                return;
            }
        }

        var authorized = await channel.Authorize(presentation);
        if (!authorized.Succeeded)
        {
            // A payment already redeemed never runs again: it gets the answer it bought, when kept, or the refusal. A
            // voucher behind the channel may be such a payment that the ledger no longer remembers.
            if (fingerprint is not null
                && authorized.Rejection is PaymentRejection.RequestAlreadyRedeemed or PaymentRejection.CumulativeAmountMismatch or PaymentRejection.CumulativeBelowClaimed
                && await TryAnswerFromStoreAsync(context, channelKey, requestId, fingerprint, receiptHeader))
            {
                return;
            }

            await RefuseAsync(context, offer, authorized);
            return;
        }

        limits.Accepted(context);

        // Renewed until the request has committed or voided: a long handler or stream must not lose its reservation.
        await using var lease = leases.Start(channel, presentation);
        if (metered is not null)
        {
            // The exchange meters the response (possibly streaming it) and commits or voids the reservation itself.
            await metered.RunAsync(
                new PaidExchange(context, channel, lease, requestId, offer, receiptHeader, offers.Network, wireConfig.Payer, deposited, authorized.Channel),
                next);
            return;
        }

        var feature = new PaymentFeature(channelKey, offer.Price);
        context.Features.Set<IPaymentFeature>(feature);
        var response = context.Response;
        var originalBody = response.Body;
        using var held = new MemoryStream();
        response.Body = held;
        try
        {
            await next(context);
        }
        catch
        {
            response.Body = originalBody;
            await channel.Void(requestId);
            throw;
        }

        response.Body = originalBody;
        if (response.StatusCode >= 400)
        {
            await channel.Void(requestId);
        }
        else
        {
            var committed = await lease.CommitAsync((grain, id) => grain.Commit(id, feature.Charge));
            if (!committed.Succeeded)
            {
                // The reservation expired or was taken over; the output is withheld because it was not paid for.
                LogCommitRefused(logger, channelKey, committed.Rejection);
                response.Headers.ContentLength = null;
                await RefuseAsync(context, offer, committed);
                return;
            }

            PaymentReplies.AddReceipt(context, receiptHeader, offers.Network, wireConfig.Payer, committed.Charged, committed.Channel!, deposited);
        }

        response.ContentLength = held.Length;
        if (fingerprint is not null && response.StatusCode < 400)
        {
            // Kept before it is sent, and even when this client is gone: that client is the one that retries.
            await answers.RememberAsync(
                channelKey,
                requestId,
                new PaidAnswer(fingerprint, response.StatusCode, response.ContentType, response.Headers[receiptHeader], held.ToArray()),
                CancellationToken.None);
        }

        held.Position = 0;
        await held.CopyToAsync(originalBody, context.RequestAborted);
    }

    /// <summary>
    /// Answers a payment seen before from its stored answer: the same answer for the same payment, 409 for another payment
    /// under the same identifier. False when no answer is kept.
    /// </summary>
    private async Task<bool> TryAnswerFromStoreAsync(HttpContext context, string channelKey, string paymentId, byte[] fingerprint, string receiptHeader)
    {
        if (await answers.FindAsync(channelKey, paymentId, context.RequestAborted) is not { } answer)
        {
            return false;
        }

        await (answer.Answers(fingerprint)
            ? PaymentReplies.ReplayAsync(context, answer, receiptHeader)
            : PaymentReplies.ConflictAsync(context, "this payment identifier was used with a different payment"));
        return true;
    }

    /// <summary>
    /// Everything about a deposit payload that can be checked off chain, before the deposit is sent (as the reference server
    /// orders it): the minimum deposit, the authorization's window and signature, the voucher against the channel as if the
    /// deposit had landed, and the payer's budget of on-chain operations. A payment refused for any of these costs no gas.
    /// Answers the refusal itself and returns false.
    /// </summary>
    private async Task<bool> CanSendDepositAsync(
        HttpContext context, Offer offer, IChannelGrain channel, VoucherPresentation presentation, DepositPayload deposit, Hash32 channelId, EvmChannelConfig config)
    {
        // Our offers always name a canonical minDeposit; formats were validated with the payload.
        DecimalString.TryParseUInt128(offer.Extra.MinDeposit, out var minDeposit);
        DecimalString.TryParseUInt128(deposit.Deposit.Amount, out var amount);
        if (deposits.CheckOffChain(deposit, channelId, config, minDeposit) is { } refused)
        {
            await PaymentReplies.ChallengeAsync(context, offer, refused.Reason!, refused.Message!);
            return false;
        }

        var previewed = await channel.PreviewDeposit(presentation, amount);
        if (!previewed.Succeeded)
        {
            await RefuseAsync(context, offer, previewed);
            return false;
        }

        if (limits.ChainOperation(channelId.ToString(), config.Payer.ToString()) is { IsAllowed: false } spent)
        {
            await PaymentRateLimits.RefuseAsync(context, spent);
            return false;
        }

        return true;
    }

    private async Task RefundAsync(HttpContext context, Offer offer, RefundPayload payload, string receiptHeader)
    {
        if (!TryBindChannel(payload.ChannelConfig, payload.Voucher, out var channelId, out var config, out var message, out var bindError))
        {
            await RefuseUnpaidAsync(context, () => PaymentReplies.ChallengeAsync(context, offer, bindError.Reason, bindError.Message));
            return;
        }

        // A refund reads the chain and may send a transaction: it always spends the client's budget, granted or not.
        if (limits.Unpaid(context) is { IsAllowed: false } unpaid)
        {
            await PaymentRateLimits.RefuseAsync(context, unpaid);
            return;
        }

        if (limits.Paid(channelId.ToString(), payload.ChannelConfig.Payer) is { IsAllowed: false } busy)
        {
            await PaymentRateLimits.RefuseAsync(context, busy);
            return;
        }

        // Formats were validated with the payload, so these parses cannot fail.
        DecimalString.TryParseUInt128(payload.Voucher.MaxClaimableAmount, out var signed);
        UInt128? amount = DecimalString.TryParseUInt128(payload.Amount, out var requested) ? requested : null;
        var channel = grains.GetGrain<IChannelGrain>(channelId.ToString());
        var presentation = new VoucherPresentation(Guid.NewGuid().ToString("N"), message, signed, Hex.Decode(payload.Voucher.Signature), UInt128.Zero);
        // A partial refund must be worth the transaction: at least the smallest deposit this offer accepts.
        DecimalString.TryParseUInt128(offer.Extra.MinDeposit, out var minimumPartial);
        var outcome = await refunds.ExecuteAsync(channel, presentation, config, amount, minimumPartial, context.RequestAborted);
        if (outcome.Throttle is { } spent)
        {
            await PaymentRateLimits.RefuseAsync(context, spent);
            return;
        }

        if (!outcome.Succeeded)
        {
            await (outcome.Reason is { } reason
                ? PaymentReplies.ChallengeAsync(context, offer, reason, outcome.Message!)
                : RefuseAsync(context, offer, new PaymentDecision(outcome.Rejection, UInt128.Zero, outcome.Channel)));
            return;
        }

        await PaymentReplies.RefundedAsync(context, receiptHeader, offers.Network, payload.ChannelConfig.Payer, outcome);
    }

    private bool TryBindChannel(
        WireChannelConfig wire, SignedVoucher voucher, out Hash32 channelId, out EvmChannelConfig config, out ChannelConfigMessage message, out X402Error error)
    {
        message = new ChannelConfigMessage(wire.Payer, wire.PayerAuthorizer, wire.Receiver, wire.ReceiverAuthorizer, wire.Token, (ulong)wire.WithdrawDelay, wire.Salt);
        channelId = default;
        if (!Hash32.TryParse(voucher.ChannelId, out var claimed))
        {
            config = null!;
            error = new X402Error(X402ErrorReasons.BatchChannelIdInvalid, "voucher.channelId is not 0x + 64 hex digits");
            return false;
        }

        if (!TryParseConfig(wire, out config))
        {
            error = new X402Error(X402ErrorReasons.InvalidPayload, "channelConfig has an address with a bad EIP-55 checksum");
            return false;
        }

        channelId = domain.ChannelId(config);
        if (channelId != claimed)
        {
            error = new X402Error(X402ErrorReasons.BatchChannelIdMismatch, "voucher.channelId is not the EIP-712 hash of channelConfig");
            return false;
        }

        error = null!;
        return true;
    }

    private static bool TryParseConfig(WireChannelConfig wire, out EvmChannelConfig config)
    {
        config = null!;
        if (!Address.TryParse(wire.Payer, out var payer)
            || !Address.TryParse(wire.PayerAuthorizer, out var payerAuthorizer)
            || !Address.TryParse(wire.Receiver, out var receiver)
            || !Address.TryParse(wire.ReceiverAuthorizer, out var receiverAuthorizer)
            || !Address.TryParse(wire.Token, out var token)
            || !Hash32.TryParse(wire.Salt, out var salt))
        {
            return false;
        }

        config = new EvmChannelConfig(payer, payerAuthorizer, receiver, receiverAuthorizer, token, (ulong)wire.WithdrawDelay, salt);
        return true;
    }

    private static Task RefuseAsync(HttpContext context, Offer offer, PaymentDecision decision)
    {
        var (reason, status, message) = RejectionReasons.For(decision.Rejection);
        var corrective = RejectionReasons.IsCorrective(decision.Rejection) ? decision.Channel : null;
        return PaymentReplies.ChallengeAsync(context, offer, reason, message, status, corrective);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit on channel {ChannelId} refused after the handler ran: {Rejection}")]
    private static partial void LogCommitRefused(ILogger logger, string channelId, PaymentRejection rejection);
}
