using Billing.X402.BatchSettlement;
using Billing.X402.Formats;

namespace Billing.X402.Tests.BatchSettlement;

public sealed class BatchSettlementPayloadValidatorTests
{
    private static readonly VoucherPayload Voucher = new() { ChannelConfig = SettlePayloads.Config(), Voucher = SettlePayloads.Voucher() };

    [Fact]
    public void Every_valid_payload_type_passes()
    {
        foreach (var payload in SettlePayloads.All())
        {
            var result = BatchSettlementPayloadValidator.Validate(payload);
            Assert.True(result.IsValid, $"{payload.Type}: {result.Error}");
            Assert.Null(result.Error);
        }
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("01")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData(" 1")]
    [InlineData("340282366920938463463374607431768211456")]
    [InlineData("")]
    public void Non_canonical_voucher_amount_is_invalid_payload(string amount)
    {
        var payload = Voucher with { Voucher = SettlePayloads.Voucher(amount) };

        AssertInvalid(payload, X402ErrorReasons.InvalidPayload, "maxClaimableAmount");
    }

    [Fact]
    public void Largest_uint128_voucher_amount_is_accepted()
    {
        var payload = Voucher with { Voucher = SettlePayloads.Voucher("340282366920938463463374607431768211455") };

        Assert.True(BatchSettlementPayloadValidator.Validate(payload).IsValid);
    }

    [Theory]
    [InlineData("0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbc")]
    [InlineData("0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce0")]
    [InlineData("3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce00")]
    [InlineData("0X3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce")]
    [InlineData("0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbcg")]
    public void Non_canonical_channel_id_is_channel_id_invalid(string channelId)
    {
        var payload = Voucher with { Voucher = SettlePayloads.Voucher() with { ChannelId = channelId } };

        AssertInvalid(payload, X402ErrorReasons.BatchChannelIdInvalid, "channelId");
    }

    [Theory]
    [InlineData(899L)]
    [InlineData(0L)]
    [InlineData(-900L)]
    [InlineData(2_592_001L)]
    [InlineData(long.MaxValue)]
    public void Withdraw_delay_outside_contract_bounds_is_out_of_range(long delay)
    {
        var payload = Voucher with { ChannelConfig = SettlePayloads.Config() with { WithdrawDelay = delay } };

        AssertInvalid(payload, X402ErrorReasons.BatchWithdrawDelayOutOfRange, "withdrawDelay");
    }

    [Theory]
    [InlineData(900L)]
    [InlineData(2_592_000L)]
    public void Withdraw_delay_bounds_are_inclusive(long delay)
    {
        var payload = Voucher with { ChannelConfig = SettlePayloads.Config() with { WithdrawDelay = delay } };

        Assert.True(BatchSettlementPayloadValidator.Validate(payload).IsValid);
    }

    [Fact]
    public void Malformed_or_zero_config_addresses_are_invalid_payload()
    {
        var config = SettlePayloads.Config();
        ChannelConfig[] broken =
        [
            config with { Payer = HexString.ZeroAddress },
            config with { Receiver = HexString.ZeroAddress },
            config with { ReceiverAuthorizer = HexString.ZeroAddress },
            config with { Token = HexString.ZeroAddress },
            config with { Payer = Samples.Payer[..^1] },
            config with { Token = Samples.Token + "0" },
            config with { PayerAuthorizer = "0x" },
            config with { Salt = "0x00" },
        ];

        foreach (var c in broken)
        {
            AssertInvalid(Voucher with { ChannelConfig = c }, X402ErrorReasons.InvalidPayload, "channelConfig.");
        }
    }

    [Fact]
    public void Zero_payer_authorizer_is_allowed_and_then_accepts_contract_wallet_signatures()
    {
        var longSignature = "0x" + new string('a', 2 * 300);
        var eoa = Voucher with { Voucher = SettlePayloads.Voucher() with { Signature = longSignature } };
        var smartWallet = eoa with { ChannelConfig = SettlePayloads.Config(HexString.ZeroAddress) };

        AssertInvalid(eoa, X402ErrorReasons.BatchVoucherSignature, "signature");
        Assert.True(BatchSettlementPayloadValidator.Validate(smartWallet).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x1234")]
    [InlineData("4f8a6f1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5061728394a5b6c7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f1b")]
    public void Malformed_voucher_signature_is_the_voucher_signature_reason(string signature)
    {
        var payload = Voucher with { Voucher = SettlePayloads.Voucher() with { Signature = signature } };

        AssertInvalid(payload, X402ErrorReasons.BatchVoucherSignature, "signature");
    }

    [Fact]
    public void Eip2098_compact_voucher_signature_is_accepted()
    {
        var payload = Voucher with { Voucher = SettlePayloads.Voucher() with { Signature = "0x" + new string('d', 128) } };

        Assert.True(BatchSettlementPayloadValidator.Validate(payload).IsValid);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("00")]
    [InlineData("-5")]
    public void Zero_or_non_canonical_deposit_is_invalid_payload(string amount)
    {
        var deposit = SettlePayloads.Deposit();
        var payload = deposit with { Deposit = deposit.Deposit with { Amount = amount } };

        AssertInvalid(payload, X402ErrorReasons.InvalidPayload, "deposit.amount");
    }

    [Fact]
    public void Deposit_needs_exactly_one_authorization()
    {
        var erc3009 = SettlePayloads.Deposit();
        var permit2 = SettlePayloads.Permit2Deposit();
        var both = erc3009 with
        {
            Deposit = erc3009.Deposit with
            {
                Authorization = erc3009.Deposit.Authorization with { Permit2Authorization = permit2.Deposit.Authorization.Permit2Authorization },
            },
        };
        var none = erc3009 with { Deposit = erc3009.Deposit with { Authorization = new DepositAuthorization() } };

        AssertInvalid(both, X402ErrorReasons.InvalidPayload, "exactly one");
        AssertInvalid(none, X402ErrorReasons.InvalidPayload, "exactly one");
    }

    [Fact]
    public void Erc3009_authorization_fields_are_checked()
    {
        var deposit = SettlePayloads.Deposit();
        var authorization = deposit.Deposit.Authorization.Erc3009Authorization!;
        DepositPayload With(Erc3009DepositAuthorization a) =>
            deposit with { Deposit = deposit.Deposit with { Authorization = new DepositAuthorization { Erc3009Authorization = a } } };

        AssertInvalid(With(authorization with { ValidAfter = "-1" }), X402ErrorReasons.InvalidPayload, "validAfter");
        AssertInvalid(With(authorization with { ValidBefore = "01767229200" }), X402ErrorReasons.InvalidPayload, "validBefore");
        AssertInvalid(With(authorization with { Salt = "0x1" }), X402ErrorReasons.InvalidPayload, "salt");
        AssertInvalid(With(authorization with { Signature = "0xzz" }), X402ErrorReasons.BatchReceiveAuthorizationSignature, "signature");
    }

    [Fact]
    public void Permit2_authorization_must_bind_channel_spender_amount_and_token()
    {
        var deposit = SettlePayloads.Permit2Deposit();
        var authorization = deposit.Deposit.Authorization.Permit2Authorization!;
        DepositPayload With(Permit2DepositAuthorization a) =>
            deposit with { Deposit = deposit.Deposit with { Authorization = new DepositAuthorization { Permit2Authorization = a } } };

        AssertInvalid(
            With(authorization with { Witness = new Permit2DepositWitness { ChannelId = "0x" + new string('1', 64) } }),
            X402ErrorReasons.BatchChannelIdMismatch,
            "witness");
        AssertInvalid(With(authorization with { Spender = Samples.Receiver }), X402ErrorReasons.BatchPermit2InvalidSpender, "spender");
        AssertInvalid(
            With(authorization with { Permitted = authorization.Permitted with { Amount = "9999" } }),
            X402ErrorReasons.BatchPermit2AmountMismatch,
            "amount");
        AssertInvalid(
            With(authorization with { Permitted = authorization.Permitted with { Token = Samples.Receiver } }),
            X402ErrorReasons.BatchTokenMismatch,
            "token");
        AssertInvalid(With(authorization with { Nonce = "0x1" }), X402ErrorReasons.InvalidPayload, "nonce");
        AssertInvalid(With(authorization with { Signature = "0x" }), X402ErrorReasons.BatchPermit2InvalidSignature, "signature");

        // The spender check ignores checksum casing.
        Assert.True(BatchSettlementPayloadValidator.Validate(
            With(authorization with { Spender = BatchSettlementScheme.Permit2DepositCollectorAddress.ToLowerInvariant() })).IsValid);
    }

    [Fact]
    public void Refund_amount_must_be_canonical_and_positive()
    {
        var refund = new RefundPayload { ChannelConfig = SettlePayloads.Config(), Voucher = SettlePayloads.Voucher(), Amount = "05" };

        AssertInvalid(refund, X402ErrorReasons.BatchRefundPayload, "amount");
        AssertInvalid(refund with { Amount = "0" }, X402ErrorReasons.BatchRefundAmountInvalid, "positive");
        Assert.True(BatchSettlementPayloadValidator.Validate(refund with { Amount = null }).IsValid);
    }

    [Fact]
    public void Claims_must_not_be_empty_nor_exceed_their_ceiling()
    {
        var claim = SettlePayloads.Claim();

        AssertInvalid(claim with { Claims = [] }, X402ErrorReasons.InvalidPayload, "empty");
        AssertInvalid(claim with { Claims = [SettlePayloads.Row("1000", "1001")] }, X402ErrorReasons.InvalidPayload, "exceeds");
        AssertInvalid(claim with { Claims = [SettlePayloads.Row("1000", "-1")] }, X402ErrorReasons.InvalidPayload, "claims[0]");
        AssertInvalid(claim with { ClaimAuthorizerSignature = "0x12" }, X402ErrorReasons.InvalidPayload, "claimAuthorizerSignature");
        Assert.True(BatchSettlementPayloadValidator.Validate(claim with { Claims = [SettlePayloads.Row("1000", "1000")] }).IsValid);
        Assert.True(BatchSettlementPayloadValidator.Validate(claim with { ClaimAuthorizerSignature = null }).IsValid);
    }

    [Fact]
    public void Enriched_refund_checks_nonce_and_allows_no_claims()
    {
        var refund = SettlePayloads.EnrichedRefund();

        AssertInvalid(refund with { RefundNonce = "-1" }, X402ErrorReasons.BatchRefundPayload, "refundNonce");
        AssertInvalid(refund with { Amount = "0" }, X402ErrorReasons.BatchRefundAmountInvalid, "positive");
        AssertInvalid(refund with { RefundAuthorizerSignature = "0x" }, X402ErrorReasons.InvalidPayload, "refundAuthorizerSignature");
        Assert.True(BatchSettlementPayloadValidator.Validate(refund with { Claims = [] }).IsValid);
    }

    [Fact]
    public void Settle_needs_real_receiver_and_token()
    {
        var settle = new SettlePayload { Receiver = Samples.Receiver, Token = Samples.Token };

        AssertInvalid(settle with { Receiver = HexString.ZeroAddress }, X402ErrorReasons.InvalidPayload, "receiver");
        AssertInvalid(settle with { Token = "USDC" }, X402ErrorReasons.InvalidPayload, "token");
    }

    [Fact]
    public void Default_validation_result_is_invalid_so_nothing_passes_by_accident()
    {
        ValidationResult unassigned = default;

        Assert.False(unassigned.IsValid);
        Assert.NotNull(unassigned.Error);
    }

    private static void AssertInvalid(BatchSettlementPayload payload, string reason, string messagePart)
    {
        var result = BatchSettlementPayloadValidator.Validate(payload);

        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Error.Reason);
        Assert.Contains(messagePart, result.Error.Message, StringComparison.Ordinal);
    }
}
