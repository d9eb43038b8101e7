using System.Numerics;
using System.Security.Cryptography;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.X402.Exact;
using Billing.X402.Formats;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.Exact;

/// <summary>
/// An ERC-3009 TransferWithAuthorization built and signed by hand for an <c>exact</c> offer, so tests can send exactly
/// the wrong thing they mean to: a different value, recipient, window, signer or token domain.
/// </summary>
internal sealed record SignedTransfer
{
    public required PaymentRequirements Offer { get; init; }

    public required PrivateKey Payer { get; init; }

    public required ulong ChainId { get; init; }

    public BigInteger? Value { get; init; }

    public Address? To { get; init; }

    public long ValidAfterOffset { get; init; } = -600;

    public long ValidBeforeOffset { get; init; } = 300;

    public Hash32 Nonce { get; init; } = new(RandomNumberGenerator.GetBytes(32));

    /// <summary>Signs with this key instead of the payer's (the authorization still names the payer as <c>from</c>).</summary>
    public PrivateKey? Signer { get; init; }

    /// <summary>Signs in a domain with this name instead of the offer's.</summary>
    public string? DomainName { get; init; }

    /// <summary>The PAYMENT-SIGNATURE value of this transfer.</summary>
    public string Header()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var authorization = new Erc3009Authorization(
            Payer.Address,
            To ?? Address.Parse(Offer.PayTo),
            Value ?? BigInteger.Parse(Offer.Amount, System.Globalization.CultureInfo.InvariantCulture),
            Math.Max(0, now + ValidAfterOffset),
            now + ValidBeforeOffset,
            Nonce);
        var extra = Offer.Extra!.Value;
        var domain = new Eip712Domain(
            DomainName ?? extra.GetProperty("name").GetString()!, extra.GetProperty("version").GetString()!, ChainId, Address.Parse(Offer.Asset));
        var signature = Secp256k1.Default.Sign(Erc3009.TransferWithAuthorizationDigest(domain, authorization).AsSpan(), Signer ?? Payer);
        var payload = new ExactEvmPayload
        {
            Signature = Hex.Encode(signature),
            Authorization = new TransferAuthorization
            {
                From = authorization.From.ToString(),
                To = authorization.To.ToString(),
                Value = DecimalString.Format(authorization.Value),
                ValidAfter = DecimalString.Format(authorization.ValidAfter),
                ValidBefore = DecimalString.Format(authorization.ValidBefore),
                Nonce = Nonce.ToString(),
            },
        };
        return PaymentHeaderCodec.Default.EncodePaymentSignature(new PaymentPayload
        {
            X402Version = 2,
            Accepted = Offer,
            Payload = ExactPayloadReader.ToJsonElement(payload),
        });
    }
}
