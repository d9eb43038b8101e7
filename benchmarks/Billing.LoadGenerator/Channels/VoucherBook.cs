using System.Globalization;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.X402.BatchSettlement;
using Billing.X402.Http;
using Billing.X402.Wire;
using WireChannelConfig = Billing.X402.BatchSettlement.ChannelConfig;

namespace Billing.LoadGenerator.Channels;

/// <summary>
/// Signs each channel's cumulative vouchers ahead of a timed phase (the n-th paid request on a channel signs n × price),
/// so the load generator spends no CPU on signatures while it measures the server.
/// </summary>
public sealed class VoucherBook
{
    private readonly BatchSettlementDomain _domain;
    private readonly IReadOnlyList<BenchChannel> _channels;
    private readonly PrivateKey _payerAuthorizer;
    private readonly UInt128 _price;
    private readonly long[] _signed;

    public VoucherBook(BatchSettlementDomain domain, IReadOnlyList<BenchChannel> channels, PrivateKey payerAuthorizer, UInt128 price)
    {
        ArgumentNullException.ThrowIfNull(channels);
        _domain = domain;
        _channels = channels;
        _payerAuthorizer = payerAuthorizer;
        _price = price;
        _signed = new long[channels.Count];
    }

    public IReadOnlyList<BenchChannel> Channels => _channels;

    /// <summary>The next <c>counts[c]</c> signed vouchers of each channel c, continuing where the last call ended.</summary>
    public SignedVoucher[][] Next(IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var vouchers = new SignedVoucher[_channels.Count][];
        Parallel.For(0, _channels.Count, c =>
        {
            var count = counts[c];
            var batch = new SignedVoucher[count];
            for (var k = 0; k < count; k++)
            {
                batch[k] = Sign(c, _price * (UInt128)(_signed[c] + k + 1));
            }

            _signed[c] += count;
            vouchers[c] = batch;
        });
        return vouchers;
    }

    /// <summary>PAYMENT-SIGNATURE values for the next <c>counts[c]</c> paid requests of each channel c, accepting <paramref name="accepted"/>.</summary>
    public string[][] NextHeaders(IReadOnlyList<int> counts, PaymentRequirements accepted)
    {
        var vouchers = Next(counts);
        var headers = new string[vouchers.Length][];
        Parallel.For(0, vouchers.Length, c => headers[c] = Array.ConvertAll(vouchers[c], voucher => Header(c, voucher, accepted)));
        return headers;
    }

    /// <summary>Channel <paramref name="channel"/>'s voucher for <paramref name="maxClaimable"/>, outside the book's sequence.</summary>
    public SignedVoucher Sign(int channel, UInt128 maxClaimable)
    {
        var id = _channels[channel].Id;
        var signature = Secp256k1.Default.Sign(_domain.VoucherDigest(id, maxClaimable).AsSpan(), _payerAuthorizer);
        return new SignedVoucher
        {
            ChannelId = id.ToString(),
            MaxClaimableAmount = maxClaimable.ToString(CultureInfo.InvariantCulture),
            Signature = Hex.Encode(signature),
        };
    }

    /// <summary>The PAYMENT-SIGNATURE value that pays with <paramref name="voucher"/> on channel <paramref name="channel"/>.</summary>
    public string Header(int channel, SignedVoucher voucher, PaymentRequirements accepted) =>
        PaymentHeaderCodec.Default.EncodePaymentSignature(new PaymentPayload
        {
            X402Version = 2,
            Accepted = accepted,
            Payload = BatchSettlementPayloadReader.ToJsonElement(new VoucherPayload { ChannelConfig = ToWire(_channels[channel].Config), Voucher = voucher }),
        });

    private static WireChannelConfig ToWire(Billing.Evm.BatchSettlement.ChannelConfig config) =>
        new()
        {
            Payer = config.Payer.ToString(),
            PayerAuthorizer = config.PayerAuthorizer.ToString(),
            Receiver = config.Receiver.ToString(),
            ReceiverAuthorizer = config.ReceiverAuthorizer.ToString(),
            Token = config.Token.ToString(),
            WithdrawDelay = (long)config.WithdrawDelay,
            Salt = config.Salt.ToString(),
        };
}
