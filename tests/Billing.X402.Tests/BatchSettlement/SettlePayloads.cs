using Billing.X402.BatchSettlement;

namespace Billing.X402.Tests.BatchSettlement;

/// <summary>Valid instances of every batch-settlement payload type, built in code.</summary>
internal static class SettlePayloads
{
    public static ChannelConfig Config(string? payerAuthorizer = null) => new()
    {
        Payer = Samples.Payer,
        PayerAuthorizer = payerAuthorizer ?? Samples.Payer,
        Receiver = Samples.Receiver,
        ReceiverAuthorizer = Samples.ReceiverAuthorizer,
        Token = Samples.Token,
        WithdrawDelay = 900,
        Salt = Samples.ZeroSalt,
    };

    public static SignedVoucher Voucher(string max = "2000") =>
        new() { ChannelId = Samples.ChannelId, MaxClaimableAmount = max, Signature = Samples.VoucherSignature };

    public static VoucherClaim Row(string max = "2000", string claimed = "1500") => new()
    {
        Voucher = new ClaimedVoucher { Channel = Config(), MaxClaimableAmount = max },
        Signature = Samples.VoucherSignature,
        TotalClaimed = claimed,
    };

    public static DepositPayload Deposit() => new()
    {
        ChannelConfig = Config(),
        Voucher = Voucher("1000"),
        Deposit = new ChannelDeposit
        {
            Amount = "10000",
            Authorization = new DepositAuthorization
            {
                Erc3009Authorization = new Erc3009DepositAuthorization
                {
                    ValidAfter = "0", ValidBefore = "1767229200", Salt = Samples.DepositSalt, Signature = Samples.DepositSignature,
                },
            },
        },
    };

    public static DepositPayload Permit2Deposit() => Deposit() with
    {
        Deposit = new ChannelDeposit
        {
            Amount = "10000",
            Authorization = new DepositAuthorization
            {
                Permit2Authorization = new Permit2DepositAuthorization
                {
                    From = Samples.Payer,
                    Permitted = new Permit2TokenAmount { Token = Samples.Token, Amount = "10000" },
                    Spender = BatchSettlementScheme.Permit2DepositCollectorAddress,
                    Nonce = "73786976294838206464",
                    Deadline = "1767229200",
                    Witness = new Permit2DepositWitness { ChannelId = Samples.ChannelId },
                    Signature = Samples.DepositSignature,
                },
            },
        },
    };

    public static ClaimPayload Claim() => new() { Claims = [Row()], ClaimAuthorizerSignature = Samples.DepositSignature };

    public static EnrichedRefundPayload EnrichedRefund() => new()
    {
        ChannelConfig = Config(),
        Voucher = Voucher("1500"),
        Amount = "8500",
        RefundNonce = "0",
        Claims = [Row("1500", "1500")],
        RefundAuthorizerSignature = Samples.DepositSignature,
        ClaimAuthorizerSignature = Samples.DepositSignature,
    };

    public static IEnumerable<BatchSettlementPayload> All() =>
    [
        Deposit(),
        Permit2Deposit(),
        new VoucherPayload { ChannelConfig = Config(), Voucher = Voucher() },
        new RefundPayload { ChannelConfig = Config(), Voucher = Voucher(), Amount = "100" },
        new RefundPayload { ChannelConfig = Config(), Voucher = Voucher() },
        Claim(),
        new SettlePayload { Receiver = Samples.Receiver, Token = Samples.Token },
        EnrichedRefund(),
    ];
}
