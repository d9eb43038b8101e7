using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.X402.BatchSettlement;
using Billing.X402.Http;
using Billing.X402.Wire;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;
using WireChannelConfig = Billing.X402.BatchSettlement.ChannelConfig;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>Deposit and refund payments with real signatures, the way a payer builds them (vouchers: VoucherHeaders).</summary>
internal static class PaymentHeaders
{
    /// <summary>An ERC-3009 deposit into the channel through the collector, with the voucher that spends its first price.</summary>
    public static string Deposit(
        Deployment deployment,
        BatchSettlementDomain domain,
        PaymentRequirements offer,
        EvmChannelConfig config,
        PrivateKey payer,
        DepositTerms terms,
        PrivateKey? authorizationSigner = null)
    {
        var channelId = domain.ChannelId(config);
        var nonce = Erc3009.DepositNonce(channelId, terms.NonceSalt);
        var authorization = new Erc3009Authorization(
            payer.Address, Address.Parse(deployment.Erc3009DepositCollector), terms.Amount, terms.ValidAfter, terms.ValidBefore, nonce);
        var tokenDomain = new Eip712Domain(deployment.TokenName, deployment.TokenVersion, deployment.ChainId, config.Token);
        var authorizationSignature = Secp256k1.Default.Sign(Erc3009.ReceiveWithAuthorizationDigest(tokenDomain, authorization).AsSpan(), authorizationSigner ?? payer);
        var payload = new DepositPayload
        {
            ChannelConfig = Wire(config),
            Voucher = Voucher(domain, channelId, terms.VoucherAmount, payer),
            Deposit = new ChannelDeposit
            {
                Amount = terms.Amount.ToString(CultureInfo.InvariantCulture),
                Authorization = new DepositAuthorization
                {
                    Erc3009Authorization = new Erc3009DepositAuthorization
                    {
                        ValidAfter = terms.ValidAfter.ToString(CultureInfo.InvariantCulture),
                        ValidBefore = terms.ValidBefore.ToString(CultureInfo.InvariantCulture),
                        Salt = Hex.Encode(Bytes32(terms.NonceSalt)),
                        Signature = Hex.Encode(authorizationSignature),
                    },
                },
            },
        };
        return Encode(offer, BatchSettlementPayloadReader.ToJsonElement(payload));
    }

    /// <summary>A refund request: the zero-charge voucher (signed for what was charged) and the amount asked back.</summary>
    public static string Refund(BatchSettlementDomain domain, PaymentRequirements offer, EvmChannelConfig config, PrivateKey payer, UInt128 charged, string amount)
    {
        var payload = new RefundPayload
        {
            ChannelConfig = Wire(config),
            Voucher = Voucher(domain, domain.ChannelId(config), charged, payer),
            Amount = amount,
        };
        return Encode(offer, BatchSettlementPayloadReader.ToJsonElement(payload));
    }

    private static string Encode(PaymentRequirements offer, JsonElement payload) =>
        PaymentHeaderCodec.Default.EncodePaymentSignature(new PaymentPayload { X402Version = 2, Accepted = offer, Payload = payload });

    private static SignedVoucher Voucher(BatchSettlementDomain domain, Hash32 channelId, UInt128 amount, PrivateKey payer) => new()
    {
        ChannelId = channelId.ToString(),
        MaxClaimableAmount = amount.ToString(CultureInfo.InvariantCulture),
        Signature = Hex.Encode(Secp256k1.Default.Sign(domain.VoucherDigest(channelId, amount).AsSpan(), payer)),
    };

    private static WireChannelConfig Wire(EvmChannelConfig config) => new()
    {
        Payer = config.Payer.ToString(),
        PayerAuthorizer = config.PayerAuthorizer.ToString(),
        Receiver = config.Receiver.ToString(),
        ReceiverAuthorizer = config.ReceiverAuthorizer.ToString(),
        Token = config.Token.ToString(),
        WithdrawDelay = (long)config.WithdrawDelay,
        Salt = config.Salt.ToString(),
    };

    private static byte[] Bytes32(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var word = new byte[32];
        bytes.CopyTo(word, 32 - bytes.Length);
        return word;
    }
}

/// <summary>What an ERC-3009 deposit authorizes: amount, validity window (unix seconds), nonce salt, and the voucher it carries.</summary>
internal sealed record DepositTerms(UInt128 Amount, BigInteger ValidAfter, BigInteger ValidBefore, BigInteger NonceSalt, UInt128 VoucherAmount)
{
    public static BigInteger RandomSalt() =>
        new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true);
}
