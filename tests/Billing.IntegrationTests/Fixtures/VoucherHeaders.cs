using System.Globalization;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.X402.BatchSettlement;
using Billing.X402.Extensions;
using Billing.X402.Http;
using Billing.X402.Wire;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;

namespace Billing.IntegrationTests.Fixtures;

/// <summary>Builds PAYMENT-SIGNATURE headers by hand, so tests can send exactly the (bad) payments they are about.</summary>
public static class VoucherHeaders
{
    public static string Build(
        PaymentRequirements accepted, BatchSettlementDomain domain, EvmChannelConfig config, UInt128 maxClaimable, PrivateKey signer, Hash32? channelId = null, string? paymentId = null)
    {
        var id = channelId ?? domain.ChannelId(config);
        var signature = Secp256k1.Default.Sign(domain.VoucherDigest(id, maxClaimable).AsSpan(), signer);
        var payload = new VoucherPayload
        {
            ChannelConfig = WireConfigs.From(config),
            Voucher = new SignedVoucher
            {
                ChannelId = id.ToString(),
                MaxClaimableAmount = maxClaimable.ToString(CultureInfo.InvariantCulture),
                Signature = Hex.Encode(signature),
            },
        };
        return PaymentHeaderCodec.Default.EncodePaymentSignature(new PaymentPayload
        {
            X402Version = 2,
            Accepted = accepted,
            Payload = BatchSettlementPayloadReader.ToJsonElement(payload),
            Extensions = paymentId is null
                ? null
                : new Dictionary<string, System.Text.Json.JsonElement>
                {
                    [PaymentIdentifier.Key] = PaymentIdentifier.ToJsonElement(new PaymentIdentifierExtension
                    {
                        Info = new PaymentIdentifierInfo { Required = false, Id = paymentId },
                        Schema = PaymentIdentifier.Declare(false).Schema,
                    }),
                },
        });
    }
}
