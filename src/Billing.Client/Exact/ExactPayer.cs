using System.Security.Cryptography;
using Billing.Client.Payments;
using Billing.Core.Budgets;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.X402.Exact;
using Billing.X402.Formats;

namespace Billing.Client.Exact;

/// <summary>
/// Pays one request with the <c>exact</c> scheme: an ERC-3009 TransferWithAuthorization of exactly the offer's amount
/// to its payTo, valid from ten minutes ago (tolerating a payee clock behind ours) until the offer's timeout, with a
/// random nonce so it can be executed at most once. Nothing is remembered: each payment stands alone.
/// </summary>
internal sealed class ExactPayer(PayerSigner signer, SpendPolicy budget, TimeProvider time)
{
    /// <summary>The reference client's allowance for payee clocks running behind.</summary>
    private const long ClockSkewSeconds = 600;

    public async Task<HttpResponseMessage> PayAsync(BufferedRequest request, ExactOffer offer, PaymentTransport send, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var decision = budget.TryAccept(new ProposedSpend(offer.Price, offer.Requirements.Asset, offer.Requirements.Network), now);
        if (!decision.IsAllowed)
        {
            throw new PaymentDeclinedException(decision.Reason);
        }

        var payload = Sign(offer, now);
        var header = PaymentEnvelope.Encode(offer, ExactPayloadReader.ToJsonElement(payload));
        return await send(request.WithPayment(header), cancellationToken);
    }

    private ExactEvmPayload Sign(ExactOffer offer, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        var validAfter = Math.Max(0, seconds - ClockSkewSeconds);
        var validBefore = seconds + offer.Requirements.MaxTimeoutSeconds;
        var nonce = new Hash32(RandomNumberGenerator.GetBytes(Hash32.Size));
        var authorization = new Erc3009Authorization(signer.Address, offer.PayTo, offer.Price, validAfter, validBefore, nonce);
        var signature = signer.SignTransferWithAuthorization(offer.TokenDomain(), authorization);
        return new ExactEvmPayload
        {
            Signature = Hex.Encode(signature),
            Authorization = new TransferAuthorization
            {
                From = signer.Address.ToString(),
                To = offer.PayTo.ToString(),
                Value = DecimalString.Format(offer.Price),
                ValidAfter = DecimalString.Format((UInt128)validAfter),
                ValidBefore = DecimalString.Format((UInt128)validBefore),
                Nonce = nonce.ToString(),
            },
        };
    }
}
