using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Billing.Evm;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Http;
using Billing.X402.Json;
using Billing.X402.Wire;
using X402ChannelConfig = Billing.X402.BatchSettlement.ChannelConfig;
using X402SignedVoucher = Billing.X402.BatchSettlement.SignedVoucher;

namespace Billing.Benchmarks.X402;

/// <summary>
/// The x402 work of one paid request: decode the agent's <c>PAYMENT-SIGNATURE</c> (a batch-settlement voucher on a
/// funded channel, signed for real), read its voucher payload, and encode the <c>PAYMENT-RESPONSE</c> receipt.
/// </summary>
[MemoryDiagnoser]
public class PaymentHeaderBenchmarks
{
    private static readonly UInt128 MaxClaimable = 2_000;

    private readonly PaymentHeaderCodec _codec = PaymentHeaderCodec.Default;
    private string _paymentSignature = "";
    private JsonElement _decodedPayload;
    private SettlementResponse _receipt = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var channel = new BenchmarkChannel();
        var signature = channel.SignVoucher(Secp256k1.Native ?? Secp256k1.Managed, MaxClaimable);
        var payment = new PaymentPayload
        {
            X402Version = X402Versions.V2,
            Resource = new ResourceInfo
            {
                Url = "https://inference.example/v1/chat/completions",
                Description = "Chat completion",
                MimeType = "application/json",
            },
            Accepted = Offer(channel),
            Payload = BatchSettlementPayloadReader.ToJsonElement(new VoucherPayload
            {
                ChannelConfig = WireConfig(channel),
                Voucher = new X402SignedVoucher
                {
                    ChannelId = channel.Id.ToString(),
                    MaxClaimableAmount = MaxClaimable.ToString(CultureInfo.InvariantCulture),
                    Signature = Hex.Encode(signature),
                },
            }),
            Extensions = new Dictionary<string, JsonElement>(),
        };
        _paymentSignature = _codec.EncodePaymentSignature(payment);
        _decodedPayload = _codec.DecodePaymentSignature(_paymentSignature).Value.Payload;
        if (BatchSettlementPayloadReader.ReadClientPayload(_decodedPayload).Value is not VoucherPayload)
        {
            throw new InvalidOperationException("The benchmark header does not decode to a voucher payload.");
        }

        _receipt = Receipt(channel);

        // Goes to the benchmark log, so the timings can be read per header byte.
        Console.WriteLine(
            $"// PAYMENT-SIGNATURE value: {_paymentSignature.Length} chars, of which payload {_decodedPayload.GetRawText().Length} JSON chars; "
            + $"PAYMENT-RESPONSE value: {EncodePaymentResponse().Length} chars");
    }

    [Benchmark]
    public X402Result<PaymentPayload> DecodePaymentSignature() => _codec.DecodePaymentSignature(_paymentSignature);

    [Benchmark]
    public X402Result<BatchSettlementPayload> ReadVoucherPayload() => BatchSettlementPayloadReader.ReadClientPayload(_decodedPayload);

    [Benchmark]
    public string EncodePaymentResponse() => _codec.EncodePaymentResponse(_receipt);

    private static PaymentRequirements Offer(BenchmarkChannel channel) => new()
    {
        Scheme = BatchSettlementScheme.Name,
        Network = BenchmarkChannel.Network,
        Amount = "1000",
        Asset = BenchmarkChannel.Token.ToString(),
        PayTo = channel.Receiver.ToString(),
        MaxTimeoutSeconds = 3600,
        Extra = JsonSerializer.SerializeToElement(
            new BatchSettlementRequirementsExtra
            {
                Name = "USDC",
                Version = "2",
                ReceiverAuthorizer = channel.ReceiverAuthorizer.ToString(),
                WithdrawDelay = (long)BenchmarkChannel.WithdrawDelaySeconds,
                MinDeposit = "10000",
            },
            X402JsonContext.Default.BatchSettlementRequirementsExtra),
    };

    private static X402ChannelConfig WireConfig(BenchmarkChannel channel) => new()
    {
        Payer = channel.Config.Payer.ToString(),
        PayerAuthorizer = channel.Config.PayerAuthorizer.ToString(),
        Receiver = channel.Config.Receiver.ToString(),
        ReceiverAuthorizer = channel.Config.ReceiverAuthorizer.ToString(),
        Token = channel.Config.Token.ToString(),
        WithdrawDelay = (long)channel.Config.WithdrawDelay,
        Salt = channel.Config.Salt.ToString(),
    };

    private static SettlementResponse Receipt(BenchmarkChannel channel) => new()
    {
        Success = true,
        Payer = channel.Config.Payer.ToLowerHex(),
        Transaction = "",
        Network = BenchmarkChannel.Network,
        Amount = "",
        Extra = JsonSerializer.SerializeToElement(
            new BatchSettlementResponseExtra
            {
                ChargedAmount = "1000",
                ChannelState = new ChannelStateExtra
                {
                    ChannelId = channel.Id.ToString(),
                    Balance = "10000",
                    TotalClaimed = "0",
                    WithdrawRequestedAt = 0,
                    RefundNonce = "0",
                    ChargedCumulativeAmount = MaxClaimable.ToString(CultureInfo.InvariantCulture),
                },
            },
            X402JsonContext.Default.BatchSettlementResponseExtra),
    };
}
