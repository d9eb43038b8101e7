using Billing.Abstractions.Channels;
using Billing.Grains.Channels;
using Microsoft.Extensions.Options;

namespace Billing.Server.Payments;

/// <summary>Starts a <see cref="ReservationLease"/> for each authorized request, paced by the channels' reservation timeout.</summary>
public sealed class ReservationLeases(IOptions<ChannelGrainOptions> channels, TimeProvider time, ILogger<ReservationLease> logger)
{
    public ReservationLease Start(IChannelGrain channel, VoucherPresentation presentation) =>
        ReservationLease.Start(channel, presentation, channels.Value.Ledger.ReservationTimeout, time, logger);
}
