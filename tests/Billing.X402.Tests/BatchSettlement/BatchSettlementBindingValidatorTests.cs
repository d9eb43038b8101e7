using Billing.X402.BatchSettlement;
using Billing.X402.Formats;
using Billing.X402.Wire;

namespace Billing.X402.Tests.BatchSettlement;

public sealed class BatchSettlementBindingValidatorTests
{
    private static readonly PaymentRequirements Offer = new()
    {
        Scheme = BatchSettlementScheme.Name,
        Network = "eip155:84532",
        Amount = "1000",
        Asset = Samples.Token,
        PayTo = Samples.Receiver,
        MaxTimeoutSeconds = 3600,
    };

    private static readonly BatchSettlementRequirementsExtra Extra = new()
    {
        ReceiverAuthorizer = Samples.ReceiverAuthorizer,
        WithdrawDelay = 900,
        Name = "USDC",
        Version = "2",
        MinDeposit = "10000",
    };

    private static readonly VoucherPayload Voucher = new() { ChannelConfig = SettlePayloads.Config(), Voucher = SettlePayloads.Voucher() };

    [Fact]
    public void Bound_payloads_pass_whatever_the_address_casing()
    {
        var lowerCased = Voucher with
        {
            ChannelConfig = Voucher.ChannelConfig with
            {
                Receiver = Samples.Receiver.ToLowerInvariant(),
                Token = Samples.Token.ToLowerInvariant(),
                ReceiverAuthorizer = Samples.ReceiverAuthorizer.ToLowerInvariant(),
            },
        };

        Assert.True(BatchSettlementBindingValidator.Validate(Voucher, Offer, Extra).IsValid);
        Assert.True(BatchSettlementBindingValidator.Validate(lowerCased, Offer, Extra).IsValid);
        Assert.True(BatchSettlementBindingValidator.Validate(SettlePayloads.Deposit(), Offer, Extra).IsValid);
    }

    [Fact]
    public void Each_mismatch_has_its_reference_reason()
    {
        var config = Voucher.ChannelConfig;

        AssertReason(Voucher with { ChannelConfig = config with { Receiver = Samples.Payer } }, Extra, X402ErrorReasons.BatchReceiverMismatch);
        AssertReason(Voucher with { ChannelConfig = config with { ReceiverAuthorizer = Samples.Payer } }, Extra, X402ErrorReasons.BatchReceiverAuthorizerMismatch);
        AssertReason(Voucher with { ChannelConfig = config with { Token = Samples.Payer } }, Extra, X402ErrorReasons.BatchTokenMismatch);
        AssertReason(Voucher with { ChannelConfig = config with { WithdrawDelay = 901 } }, Extra, X402ErrorReasons.BatchWithdrawDelayMismatch);
        AssertReason(Voucher, Extra with { ReceiverAuthorizer = HexString.ZeroAddress }, X402ErrorReasons.BatchReceiverAuthorizerMismatch);
        AssertReason(
            Voucher with { ChannelConfig = config with { WithdrawDelay = 60 } },
            Extra with { WithdrawDelay = 60 },
            X402ErrorReasons.BatchWithdrawDelayOutOfRange);
    }

    [Fact]
    public void Deposit_must_use_the_offered_transfer_method()
    {
        var permit2Offer = Extra with { AssetTransferMethod = AssetTransferMethods.Permit2 };

        AssertReason(SettlePayloads.Deposit(), permit2Offer, X402ErrorReasons.BatchPermit2AuthorizationRequired);
        AssertReason(SettlePayloads.Permit2Deposit(), Extra, X402ErrorReasons.BatchErc3009AuthorizationRequired);
        Assert.True(BatchSettlementBindingValidator.Validate(SettlePayloads.Permit2Deposit(), Offer, permit2Offer).IsValid);
    }

    [Fact]
    public void Other_schemes_and_configless_payloads_are_refused()
    {
        var result = BatchSettlementBindingValidator.Validate(Voucher, Offer with { Scheme = "exact" }, Extra);
        var settle = BatchSettlementBindingValidator.Validate(new SettlePayload { Receiver = Samples.Receiver, Token = Samples.Token }, Offer, Extra);

        Assert.Equal(X402ErrorReasons.BatchScheme, result.Error!.Reason);
        Assert.Equal(X402ErrorReasons.BatchPayloadType, settle.Error!.Reason);
    }

    private static void AssertReason(BatchSettlementPayload payload, BatchSettlementRequirementsExtra extra, string reason)
    {
        var result = BatchSettlementBindingValidator.Validate(payload, Offer, extra);

        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Error.Reason);
    }
}
