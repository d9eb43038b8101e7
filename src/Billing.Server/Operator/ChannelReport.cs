using System.Globalization;
using Billing.Abstractions.Channels;

namespace Billing.Server.Operator;

/// <summary>A channel as the operator API shows it: amounts as decimal strings, never floating point.</summary>
public sealed record ChannelReport(
    string ChannelId, string Balance, string TotalClaimed, string ChargedCumulative, string SignedMaxClaimable, ulong WithdrawRequestedAt)
{
    public static ChannelReport From(ChannelView view) => new(
        view.ChannelId,
        view.Balance.ToString(CultureInfo.InvariantCulture),
        view.TotalClaimed.ToString(CultureInfo.InvariantCulture),
        view.ChargedCumulative.ToString(CultureInfo.InvariantCulture),
        view.SignedMaxClaimable.ToString(CultureInfo.InvariantCulture),
        view.WithdrawRequestedAt);
}
