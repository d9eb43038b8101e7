using System.Globalization;
using System.Text.Json;
using Billing.Core.Channels;
using Billing.X402;
using Billing.X402.BatchSettlement;
using Billing.X402.Facilitator;
using Billing.X402.Json;
using Billing.X402.Wire;

namespace Billing.Server.Facilitator;

/// <summary>
/// The reply shapes of the reference facilitator: <c>{isValid, invalidReason?, invalidMessage?, payer?, extra?}</c> for
/// <c>/verify</c> (extra = the channel's on-chain state) and <c>{success, errorReason?, errorMessage?, transaction,
/// network, payer?, amount?, extra?}</c> for <c>/settle</c> (extra = <c>{channelState}</c>).
/// </summary>
internal static class FacilitatorReplies
{
    public static VerifyResponse Invalid(X402Error error, string? payer = null) =>
        new() { IsValid = false, InvalidReason = error.Reason, InvalidMessage = error.Message, Payer = payer };

    public static VerifyResponse Valid(string payer, string channelId, OnChainChannelSnapshot state) =>
        new() { IsValid = true, Payer = payer, Extra = JsonSerializer.SerializeToElement(ChannelState(channelId, state), X402JsonContext.Default.ChannelStateExtra) };

    public static SettlementResponse Failed(string network, X402Error error, string? transaction = null, string? payer = null) => new()
    {
        Success = false,
        ErrorReason = error.Reason,
        ErrorMessage = error.Message,
        Transaction = transaction ?? "",
        Network = network,
        Payer = payer,
    };

    public static SettlementResponse Settled(string network, string transaction, string? payer, string? amount, ChannelStateExtra? state = null) => new()
    {
        Success = true,
        Transaction = transaction,
        Network = network,
        Payer = payer,
        Amount = amount,
        Extra = state is null ? null : BatchSettlementExtra.ToJsonElement(new BatchSettlementResponseExtra { ChannelState = state }),
    };

    /// <summary>The on-chain part of a channel state: no charged total, which only a resource server knows.</summary>
    public static ChannelStateExtra ChannelState(string channelId, OnChainChannelSnapshot state) => new()
    {
        ChannelId = channelId,
        Balance = state.Balance.ToString(CultureInfo.InvariantCulture),
        TotalClaimed = state.TotalClaimed.ToString(CultureInfo.InvariantCulture),
        WithdrawRequestedAt = checked((long)state.WithdrawRequestedAt),
        RefundNonce = state.RefundNonce.ToString(CultureInfo.InvariantCulture),
    };
}
