using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.X402.BatchSettlement;
using Billing.X402.Formats;
using Billing.X402.Wire;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;
using WireChannelConfig = Billing.X402.BatchSettlement.ChannelConfig;
using WireVoucherClaim = Billing.X402.BatchSettlement.VoucherClaim;

namespace Billing.IntegrationTests.Facilitator;

/// <summary>
/// Signs the batch-settlement payloads a resource server forwards to a facilitator, by hand, so a test can send exactly
/// the (good or bad) payment it is about: the payer's vouchers and ERC-3009 deposit authorizations, and the
/// server-authored claims, settles and enriched refunds.
/// </summary>
internal sealed class PaymentBuilder(Deployment deployment, BatchSettlementDomain domain)
{
    public string Network { get; } = Caip2.FormatEip155(deployment.ChainId);

    public Address Token { get; } = Address.Parse(deployment.Token);

    public EvmChannelConfig Channel(PrivateKey payer, Address receiver, Address receiverAuthorizer) =>
        new(payer.Address, payer.Address, receiver, receiverAuthorizer, Token, 900, new Hash32(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The offer a resource server made, as it would send it along: the full batch-settlement extra.</summary>
    public PaymentRequirements Offer(Address payTo, Address receiverAuthorizer, UInt128 price) => new()
    {
        Scheme = BatchSettlementScheme.Name,
        Network = Network,
        Amount = Text(price),
        Asset = Token.ToString(),
        PayTo = payTo.ToString(),
        MaxTimeoutSeconds = 300,
        Extra = BatchSettlementExtra.ToJsonElement(new BatchSettlementRequirementsExtra
        {
            ReceiverAuthorizer = receiverAuthorizer.ToString(),
            WithdrawDelay = 900,
            Name = deployment.TokenName,
            Version = deployment.TokenVersion,
            MinDeposit = Text(price * 10),
        }),
    };

    /// <summary>What the reference channel manager sends with claims and settles: amount 0 and an empty extra.</summary>
    public PaymentRequirements ManagerRequirements(Address receiver) => new()
    {
        Scheme = BatchSettlementScheme.Name,
        Network = Network,
        Amount = "0",
        Asset = Token.ToString(),
        PayTo = receiver.ToString(),
        MaxTimeoutSeconds = 0,
        Extra = System.Text.Json.JsonDocument.Parse("{}").RootElement.Clone(),
    };

    public SignedVoucher Voucher(EvmChannelConfig config, UInt128 maxClaimable, PrivateKey signer)
    {
        var id = domain.ChannelId(config);
        return new SignedVoucher
        {
            ChannelId = id.ToString(),
            MaxClaimableAmount = Text(maxClaimable),
            Signature = Hex.Encode(Secp256k1.Default.Sign(domain.VoucherDigest(id, maxClaimable).AsSpan(), signer)),
        };
    }

    public VoucherPayload VoucherPayment(EvmChannelConfig config, UInt128 maxClaimable, PrivateKey signer) =>
        new() { ChannelConfig = Wire(config), Voucher = Voucher(config, maxClaimable, signer) };

    public RefundPayload RefundRequest(EvmChannelConfig config, UInt128 charged, PrivateKey payer) =>
        new() { ChannelConfig = Wire(config), Voucher = Voucher(config, charged, payer) };

    public DepositPayload Deposit(
        EvmChannelConfig config, UInt128 amount, UInt128 maxClaimable, PrivateKey payer, DateTimeOffset validBefore, PrivateKey? authorizationSigner = null)
    {
        var channelId = domain.ChannelId(config);
        var saltBytes = RandomNumberGenerator.GetBytes(32);
        var salt = new BigInteger(saltBytes, isUnsigned: true, isBigEndian: true);
        var authorization = new Erc3009Authorization(
            config.Payer, Address.Parse(deployment.Erc3009DepositCollector), amount, 0, validBefore.ToUnixTimeSeconds(), Erc3009.DepositNonce(channelId, salt));
        var tokenDomain = new Eip712Domain(deployment.TokenName, deployment.TokenVersion, deployment.ChainId, config.Token);
        var signature = Secp256k1.Default.Sign(Erc3009.ReceiveWithAuthorizationDigest(tokenDomain, authorization).AsSpan(), authorizationSigner ?? payer);
        return new DepositPayload
        {
            ChannelConfig = Wire(config),
            Voucher = Voucher(config, maxClaimable, payer),
            Deposit = new ChannelDeposit
            {
                Amount = Text(amount),
                Authorization = new DepositAuthorization
                {
                    Erc3009Authorization = new Erc3009DepositAuthorization
                    {
                        ValidAfter = "0",
                        ValidBefore = validBefore.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                        Salt = Hex.Encode(saltBytes),
                        Signature = Hex.Encode(signature),
                    },
                },
            },
        };
    }

    /// <summary>One claim row: the payer's voucher for <paramref name="ceiling"/>, claiming <paramref name="total"/> cumulatively.</summary>
    public WireVoucherClaim ClaimRow(EvmChannelConfig config, UInt128 ceiling, UInt128 total, PrivateKey voucherSigner) => new()
    {
        Voucher = new ClaimedVoucher { Channel = Wire(config), MaxClaimableAmount = Text(ceiling) },
        Signature = Voucher(config, ceiling, voucherSigner).Signature,
        TotalClaimed = Text(total),
    };

    /// <summary>A ClaimBatch signature, as a resource server that holds the receiver-authorizer key makes it.</summary>
    public string ClaimBatchSignature(IEnumerable<(EvmChannelConfig Config, UInt128 Ceiling, UInt128 Total)> rows, PrivateKey authorizer)
    {
        var entries = rows.Select(r => new ClaimEntry(domain.ChannelId(r.Config), r.Ceiling, r.Total)).ToList();
        return Hex.Encode(Secp256k1.Default.Sign(domain.ClaimBatchDigest(entries).AsSpan(), authorizer));
    }

    public EnrichedRefundPayload EnrichedRefund(
        EvmChannelConfig config, UInt128 charged, UInt128 amount, BigInteger refundNonce, PrivateKey payer, IReadOnlyList<WireVoucherClaim> claims) => new()
    {
        ChannelConfig = Wire(config),
        Voucher = Voucher(config, charged, payer),
        Amount = Text(amount),
        RefundNonce = refundNonce.ToString(CultureInfo.InvariantCulture),
        Claims = claims,
    };

    /// <summary>A verify or settle body: the payment as the client sent it, and the requirements it answers.</summary>
    public static string Body(PaymentRequirements requirements, BatchSettlementPayload payload) =>
        System.Text.Json.JsonSerializer.Serialize(
            new Billing.X402.Facilitator.SettleRequest
            {
                X402Version = 2,
                PaymentPayload = new PaymentPayload { X402Version = 2, Accepted = requirements, Payload = BatchSettlementPayloadReader.ToJsonElement(payload) },
                PaymentRequirements = requirements,
            },
            Billing.X402.Json.X402JsonContext.Default.SettleRequest);

    public static WireChannelConfig Wire(EvmChannelConfig config) => new()
    {
        Payer = config.Payer.ToString(),
        PayerAuthorizer = config.PayerAuthorizer.ToString(),
        Receiver = config.Receiver.ToString(),
        ReceiverAuthorizer = config.ReceiverAuthorizer.ToString(),
        Token = config.Token.ToString(),
        WithdrawDelay = (long)config.WithdrawDelay,
        Salt = config.Salt.ToString(),
    };

    public static string Text(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);
}
