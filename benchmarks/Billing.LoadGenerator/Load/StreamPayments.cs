using Billing.LoadGenerator.Channels;
using Billing.X402.Wire;

namespace Billing.LoadGenerator.Load;

/// <summary>
/// Pays each stream the way an agent does: the voucher signs what the channel was charged so far (as the last stream's
/// <c>x402-charge</c> comment stated) plus this request's ceiling. Signed in the loop, because a stream's exact charge is
/// known only once it ended (rounding carries sub-unit remainders from one charge to the next). Each channel's streams
/// run one after another, so a channel's state has one writer.
/// </summary>
public sealed class StreamPayments(VoucherBook book, PaymentRequirements accepted, UInt128 ceiling)
{
    private readonly UInt128[] _charged = new UInt128[book.Channels.Count];

    /// <summary>The payment header for the next stream on <paramref name="channel"/>.</summary>
    public string Next(int channel) => book.Header(channel, book.Sign(channel, _charged[channel] + ceiling), accepted);

    public void Charged(int channel, UInt128 chargedCumulative) => _charged[channel] = chargedCumulative;

    /// <summary>Stream slots for the closed loop: the payment itself is made when the slot is used.</summary>
    public static VoucherQueues<int> Slots(int channels) => new(channels, counts => counts.Select(n => new int[n]).ToArray());
}
