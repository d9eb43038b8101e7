using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using Billing.Client.Payments;
using Billing.Evm;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Formats;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.Client.Channels;

/// <summary>Reads what a payee answered to a batch-settlement payment: a receipt, a corrective 402, or a refusal.</summary>
internal static class ChannelReplies
{
    /// <summary>A successful <c>PAYMENT-RESPONSE</c>.</summary>
    public static bool TryReadReceipt(HttpResponseMessage response, [NotNullWhen(true)] out SettlementResponse? receipt)
    {
        receipt = null;
        return response.Headers.TryGetValues(X402Headers.PaymentResponse, out var values)
            && PaymentHeaderCodec.Default.DecodePaymentResponse(values.FirstOrDefault()).TryGetValue(out receipt, out _)
            && receipt.Success;
    }

    /// <summary>The channel state a receipt reports for <paramref name="channel"/>, if it reports a readable one.</summary>
    public static bool TryReadState(SettlementResponse receipt, BoundChannel channel, out UInt128 charged, out UInt128 balance)
    {
        charged = default;
        balance = default;
        return BatchSettlementExtra.ReadResponseExtra(receipt).TryGetValue(out var extra, out _)
            && extra.ChannelState is { } state
            && IsFor(state, channel)
            && DecimalString.TryParseUInt128(state.ChargedCumulativeAmount, out charged)
            && DecimalString.TryParseUInt128(state.Balance, out balance);
    }

    /// <summary>
    /// The channel state of a stream's <see cref="StreamChargeEvent"/> (its data, JSON) for <paramref name="channel"/>, if
    /// it states a readable one.
    /// </summary>
    public static bool TryReadStreamCharge(string data, BoundChannel channel, out UInt128 charged, out UInt128 balance)
    {
        charged = default;
        balance = default;
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && Text(root, StreamChargeEvent.ChannelId) is { } channelId
                && string.Equals(channelId, channel.Id.ToString(), StringComparison.OrdinalIgnoreCase)
                && DecimalString.TryParseUInt128(Text(root, StreamChargeEvent.ChargedCumulativeAmount), out charged)
                && DecimalString.TryParseUInt128(Text(root, StreamChargeEvent.Balance), out balance);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The 402 a paid attempt got back, with its reason.</summary>
    public static bool TryReadRefusal(HttpResponseMessage response, [NotNullWhen(true)] out PaymentRequired? refusal)
    {
        refusal = null;
        return response.StatusCode == HttpStatusCode.PaymentRequired && OfferReader.TryReadChallenge(response, out refusal, out _);
    }

    /// <summary>The payee says the channel cannot cover the voucher: it has no escrow, or not enough.</summary>
    public static bool NeedsDeposit(PaymentRequired refusal) =>
        refusal.Error is X402ErrorReasons.BatchChannelNotFound
            or X402ErrorReasons.BatchCumulativeExceedsBalance
            or X402ErrorReasons.BatchInsufficientBalance;

    public static bool IsCorrective(PaymentRequired refusal) =>
        refusal.Error is X402ErrorReasons.BatchCumulativeAmountMismatch or X402ErrorReasons.BatchCumulativeBelowClaimed;

    /// <summary>
    /// The channel state of a corrective 402. The payee's charged total is adopted only when it is zero or the payee
    /// shows a voucher this agent signed for at least that much: a payee can never make the agent pay beyond its own
    /// signature. The balance is the payee's confirmed view of the escrow.
    /// </summary>
    public static bool TryReadCorrection(PaymentRequired refusal, BoundChannel channel, PayerSigner signer, [NotNullWhen(true)] out PayerChannel? corrected)
    {
        corrected = null;
        if (!IsCorrective(refusal))
        {
            return false;
        }

        foreach (var requirements in refusal.Accepts)
        {
            if (!BatchSettlementExtra.ReadRequirementsExtra(requirements).TryGetValue(out var extra, out _)
                || extra.ChannelState is not { } state
                || !IsFor(state, channel)
                || !DecimalString.TryParseUInt128(state.ChargedCumulativeAmount, out var charged)
                || !DecimalString.TryParseUInt128(state.Balance, out var balance))
            {
                continue;
            }

            if (charged == UInt128.Zero)
            {
                corrected = new PayerChannel(UInt128.Zero, UInt128.Zero, balance);
                return true;
            }

            if (extra.VoucherState is { } voucher
                && DecimalString.TryParseUInt128(voucher.SignedMaxClaimable, out var signedMax)
                && charged <= signedMax
                && Hex.TryDecode(voucher.Signature, out var signature)
                && signer.SignedVoucher(channel.Domain, channel.Id, signedMax, signature))
            {
                corrected = new PayerChannel(charged, signedMax, balance);
                return true;
            }
        }

        return false;
    }

    /// <summary>The confirmed balance a refusal reports for the channel, when it reports one.</summary>
    public static UInt128? ReportedBalance(PaymentRequired refusal, BoundChannel channel)
    {
        foreach (var requirements in refusal.Accepts)
        {
            if (BatchSettlementExtra.ReadRequirementsExtra(requirements).TryGetValue(out var extra, out _)
                && extra.ChannelState is { } state
                && IsFor(state, channel)
                && DecimalString.TryParseUInt128(state.Balance, out var balance))
            {
                return balance;
            }
        }

        return null;
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsFor(ChannelStateExtra state, BoundChannel channel) =>
        string.Equals(state.ChannelId, channel.Id.ToString(), StringComparison.OrdinalIgnoreCase);
}
