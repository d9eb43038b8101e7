using System.Globalization;
using System.Numerics;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.BatchSettlement;
using Billing.X402.Http;
using Billing.X402.Wire;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// Deposit and refund PAYMENT-SIGNATURE headers built by hand, so a test can send exactly the payloads an attacker or a
/// confused client would: stale vouchers with fresh deposits, deposits below the minimum, slivers of refunds.
/// </summary>
internal sealed class ChannelPaymentHeaders(LocalChainFixture chain, PaymentRequirements offer, PrivateKey payer)
{
    public EvmChannelConfig NewChannel() => new(
        payer.Address, payer.Address, chain.Receiver.Address, chain.ReceiverAuthorizer.Address,
        Address.Parse(chain.Deployment.Token), 900, LocalChainFixture.RandomSalt());

    /// <summary>A deposit of <paramref name="deposit"/> carrying a voucher for <paramref name="maxClaimable"/>, with a fresh authorization.</summary>
    public string Deposit(EvmChannelConfig config, UInt128 maxClaimable, UInt128 deposit)
    {
        var channelId = chain.Domain.ChannelId(config);
        var salt = new BigInteger(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true);
        var validBefore = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var authorization = new Erc3009Authorization(
            payer.Address, Address.Parse(chain.Deployment.Erc3009DepositCollector), deposit, 0, validBefore, Erc3009.DepositNonce(channelId, salt));
        var tokenDomain = new Eip712Domain(chain.Deployment.TokenName, chain.Deployment.TokenVersion, chain.Deployment.ChainId, config.Token);
        var authorizationSignature = Secp256k1.Default.Sign(Erc3009.ReceiveWithAuthorizationDigest(tokenDomain, authorization).AsSpan(), payer);
        var saltBytes = salt.ToByteArray(isUnsigned: true, isBigEndian: true);
        return Encode(new DepositPayload
        {
            ChannelConfig = WireConfigs.From(config),
            Voucher = Voucher(channelId, maxClaimable),
            Deposit = new ChannelDeposit
            {
                Amount = deposit.ToString(CultureInfo.InvariantCulture),
                Authorization = new DepositAuthorization
                {
                    Erc3009Authorization = new Erc3009DepositAuthorization
                    {
                        ValidAfter = "0",
                        ValidBefore = validBefore.ToString(CultureInfo.InvariantCulture),
                        Salt = Hex.Encode(new byte[32 - saltBytes.Length].Concat(saltBytes).ToArray()),
                        Signature = Hex.Encode(authorizationSignature),
                    },
                },
            },
        });
    }

    /// <summary>A refund: a zero-charge voucher (for what was charged) and, optionally, the amount asked back.</summary>
    public string Refund(EvmChannelConfig config, UInt128 charged, UInt128? amount) => Encode(new RefundPayload
    {
        ChannelConfig = WireConfigs.From(config),
        Voucher = Voucher(chain.Domain.ChannelId(config), charged),
        Amount = amount?.ToString(CultureInfo.InvariantCulture),
    });

    private SignedVoucher Voucher(Hash32 channelId, UInt128 maxClaimable) => new()
    {
        ChannelId = channelId.ToString(),
        MaxClaimableAmount = maxClaimable.ToString(CultureInfo.InvariantCulture),
        Signature = Hex.Encode(Secp256k1.Default.Sign(chain.Domain.VoucherDigest(channelId, maxClaimable).AsSpan(), payer)),
    };

    private string Encode(BatchSettlementPayload payload) => PaymentHeaderCodec.Default.EncodePaymentSignature(new PaymentPayload
    {
        X402Version = 2,
        Accepted = offer,
        Payload = BatchSettlementPayloadReader.ToJsonElement(payload),
    });
}
