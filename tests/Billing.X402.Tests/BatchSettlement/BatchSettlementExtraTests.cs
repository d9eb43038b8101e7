using System.Text.Json;
using Billing.X402.BatchSettlement;
using Billing.X402.Http;
using Billing.X402.Matching;
using Billing.X402.Wire;

namespace Billing.X402.Tests.BatchSettlement;

public sealed class BatchSettlementExtraTests
{
    private static readonly PaymentRequirements Offer =
        Samples.Element(Samples.BatchOfferJson).Deserialize(Billing.X402.Json.X402JsonContext.Default.PaymentRequirements)!;

    [Fact]
    public void Offer_extra_reads_with_typed_accessors()
    {
        var extra = BatchSettlementExtra.ReadRequirementsExtra(Offer).Value;

        Assert.Equal(Samples.ReceiverAuthorizer, extra.ReceiverAuthorizer);
        Assert.Equal(900, extra.WithdrawDelay);
        Assert.Equal("USDC", extra.Name);
        Assert.Equal("2", extra.Version);
        Assert.Equal("10000", extra.MinDeposit);
        Assert.Null(extra.AssetTransferMethod);
        Assert.Null(extra.ChannelState);
        Assert.True(BatchSettlementExtraValidator.Validate(extra).IsValid);
    }

    [Fact]
    public void Missing_or_malformed_offer_extra_is_invalid_requirements()
    {
        var noExtra = Offer with { Extra = null };
        var stringDelay = Offer with { Extra = Samples.Element("""{"receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","withdrawDelay":"900","name":"USDC","version":"2"}""") };
        var noName = Offer with { Extra = Samples.Element("""{"receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","withdrawDelay":900,"version":"2"}""") };

        Assert.Equal(X402ErrorReasons.InvalidPaymentRequirements, BatchSettlementExtra.ReadRequirementsExtra(noExtra).Error!.Reason);
        Assert.Equal(X402ErrorReasons.InvalidPaymentRequirements, BatchSettlementExtra.ReadRequirementsExtra(stringDelay).Error!.Reason);
        Assert.Equal(X402ErrorReasons.InvalidPaymentRequirements, BatchSettlementExtra.ReadRequirementsExtra(noName).Error!.Reason);
    }

    [Fact]
    public void Corrective_offer_carries_channel_and_voucher_state_with_exact_wire_types()
    {
        var extra = new BatchSettlementRequirementsExtra
        {
            ReceiverAuthorizer = Samples.ReceiverAuthorizer,
            WithdrawDelay = 900,
            Name = "USDC",
            Version = "2",
            MinDeposit = "10000",
            ChannelState = new ChannelStateExtra
            {
                ChannelId = Samples.ChannelId, Balance = "10000", TotalClaimed = "0", WithdrawRequestedAt = 1767225000,
                RefundNonce = "1", ChargedCumulativeAmount = "3000",
            },
            VoucherState = new VoucherStateExtra { SignedMaxClaimable = "3000", Signature = Samples.VoucherSignature },
        };

        var element = BatchSettlementExtra.ToJsonElement(extra);

        Assert.Equal(JsonValueKind.Number, element.GetProperty("withdrawDelay").ValueKind);
        var state = element.GetProperty("channelState");
        Assert.Equal(JsonValueKind.Number, state.GetProperty("withdrawRequestedAt").ValueKind);
        foreach (var name in new[] { "channelId", "balance", "totalClaimed", "refundNonce", "chargedCumulativeAmount" })
        {
            Assert.Equal(JsonValueKind.String, state.GetProperty(name).ValueKind);
        }

        Assert.Equal("3000", element.GetProperty("voucherState").GetProperty("signedMaxClaimable").GetString());
        Assert.False(element.TryGetProperty("assetTransferMethod", out _));
        Assert.True(BatchSettlementExtraValidator.Validate(extra).IsValid);
        Assert.Equal(extra with { }, BatchSettlementExtra.ReadRequirementsExtra(Offer with { Extra = element }).Value with { });
    }

    [Fact]
    public void Corrective_offer_still_matches_a_client_that_retries_from_the_original_offer_and_vice_versa()
    {
        var corrective = BatchSettlementExtra.ReadRequirementsExtra(Offer).Value with
        {
            ChannelState = new ChannelStateExtra
            {
                ChannelId = Samples.ChannelId, Balance = "1", TotalClaimed = "0", WithdrawRequestedAt = 0, RefundNonce = "0",
            },
        };
        var echoedCorrective = Offer with { Extra = BatchSettlementExtra.ToJsonElement(corrective) };

        Assert.True(OfferMatcher.Matches(Offer, echoedCorrective));
        Assert.False(OfferMatcher.Matches(echoedCorrective, Offer));
    }

    [Fact]
    public void Voucher_receipt_extra_reads_and_validates()
    {
        var receipt = PaymentHeaderCodec.Default.DecodePaymentResponse(Samples.Base64(Samples.VoucherReceiptJson)).Value;

        var extra = BatchSettlementExtra.ReadResponseExtra(receipt).Value;

        Assert.Equal("1000", extra.ChargedAmount);
        Assert.Equal(Samples.ChannelId, extra.ChannelState!.ChannelId);
        Assert.Equal("2000", extra.ChannelState.ChargedCumulativeAmount);
        Assert.Equal(0, extra.ChannelState.WithdrawRequestedAt);
        Assert.True(BatchSettlementExtraValidator.Validate(extra).IsValid);
    }

    [Fact]
    public void Receipt_without_extra_reads_as_no_charge()
    {
        var receipt = new SettlementResponse { Success = true, Transaction = "", Network = "eip155:84532" };

        var extra = BatchSettlementExtra.ReadResponseExtra(receipt).Value;

        Assert.Null(extra.ChargedAmount);
        Assert.Null(extra.ChannelState);
    }

    [Fact]
    public void Receipt_with_channel_state_missing_its_id_is_refused()
    {
        var receipt = new SettlementResponse
        {
            Success = true, Transaction = "", Network = "eip155:84532",
            Extra = Samples.Element("""{"chargedAmount":"1","channelState":{"balance":"1","totalClaimed":"0","withdrawRequestedAt":0,"refundNonce":"0"}}"""),
        };

        Assert.Equal(X402ErrorReasons.InvalidPayload, BatchSettlementExtra.ReadResponseExtra(receipt).Error!.Reason);
    }

    [Fact]
    public void Extra_validation_refuses_each_non_canonical_field()
    {
        var extra = BatchSettlementExtra.ReadRequirementsExtra(Offer).Value;
        var state = new ChannelStateExtra { ChannelId = Samples.ChannelId, Balance = "1", TotalClaimed = "0", WithdrawRequestedAt = 0, RefundNonce = "0" };

        AssertReason(extra with { ReceiverAuthorizer = "0x0000000000000000000000000000000000000000" }, X402ErrorReasons.InvalidPaymentRequirements);
        AssertReason(extra with { WithdrawDelay = 899 }, X402ErrorReasons.BatchWithdrawDelayOutOfRange);
        AssertReason(extra with { Name = "" }, X402ErrorReasons.BatchMissingEip712Domain);
        AssertReason(extra with { MinDeposit = "1e4" }, X402ErrorReasons.InvalidPaymentRequirements);
        AssertReason(extra with { AssetTransferMethod = "erc7710" }, X402ErrorReasons.InvalidPaymentRequirements);
        AssertReason(extra with { ChannelState = state with { Balance = "-1" } }, X402ErrorReasons.InvalidPayload);
        AssertReason(extra with { ChannelState = state with { ChannelId = "0x1" } }, X402ErrorReasons.BatchChannelIdInvalid);
        AssertReason(extra with { ChannelState = state with { WithdrawRequestedAt = -1 } }, X402ErrorReasons.InvalidPayload);
        AssertReason(extra with { VoucherState = new VoucherStateExtra { SignedMaxClaimable = "01" } }, X402ErrorReasons.InvalidPayload);
        Assert.True(BatchSettlementExtraValidator.Validate(extra with { AssetTransferMethod = AssetTransferMethods.Permit2 }).IsValid);

        Assert.False(BatchSettlementExtraValidator.Validate(new BatchSettlementResponseExtra { ChargedAmount = "+1" }).IsValid);
    }

    private static void AssertReason(BatchSettlementRequirementsExtra extra, string reason)
    {
        var result = BatchSettlementExtraValidator.Validate(extra);
        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Error.Reason);
    }
}
