using System.Collections.Concurrent;
using Billing.Abstractions.Channels;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.IntegrationTests.Fixtures;

namespace Billing.IntegrationTests.Faults;

/// <summary>
/// Charges channels through the channel grains' own API (authorize a voucher's ceiling, commit the actual charge), the
/// path the payment middleware takes minus HTTP, so a thousand channels are charged in seconds. Remembers what each
/// grain acknowledged as charged.
/// </summary>
public sealed class GrainCharges(IGrainFactory grains, BatchSettlementDomain domain)
{
    private readonly ConcurrentDictionary<Hash32, UInt128> _charged = new();

    /// <summary>The cumulative charge each grain acknowledged.</summary>
    public IReadOnlyDictionary<Hash32, UInt128> Charged => _charged;

    public UInt128 Total => _charged.Values.Aggregate(UInt128.Zero, (sum, charged) => sum + charged);

    /// <summary>One paid request: a voucher for what was charged so far plus <paramref name="ceiling"/>, then <paramref name="charge"/> committed.</summary>
    public async Task ChargeAsync(FundedChannel channel, UInt128 ceiling, UInt128 charge)
    {
        var before = _charged.GetValueOrDefault(channel.Id);
        var signed = before + ceiling;
        var signature = Secp256k1.Default.Sign(domain.VoucherDigest(channel.Id, signed).AsSpan(), channel.Payer);
        var requestId = Guid.NewGuid().ToString("N");
        var grain = grains.GetGrain<IChannelGrain>(channel.Id.ToString());

        var authorized = await grain.Authorize(new VoucherPresentation(requestId, Message(channel.Config), signed, signature, ceiling));
        Assert.True(authorized.Succeeded, $"channel {channel.Id}: voucher for {signed} refused ({authorized.Rejection})");
        var committed = await grain.Commit(requestId, charge);
        Assert.True(committed.Succeeded, $"channel {channel.Id}: commit of {charge} refused ({committed.Rejection})");
        Assert.Equal(before + charge, committed.Channel!.ChargedCumulative);
        _charged[channel.Id] = committed.Channel.ChargedCumulative;
    }

    /// <summary>Charges every channel one to three times, random amounts under random ceilings; returns the total.</summary>
    public async Task<UInt128> ChargeRandomlyAsync(IReadOnlyList<FundedChannel> channels, Random random, int parallelism = 16)
    {
        var plans = channels.Select(c => (Channel: c, Requests: Enumerable.Range(0, random.Next(1, 4))
            .Select(_ => (Ceiling: (UInt128)random.Next(1_000, 20_000), Share: random.Next(1, 101))).ToArray())).ToArray();
        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (plan, _) =>
        {
            foreach (var (ceiling, share) in plan.Requests)
            {
                await ChargeAsync(plan.Channel, ceiling, ceiling * (UInt128)share / 100);
            }
        });
        return Total;
    }

    private static ChannelConfigMessage Message(ChannelConfig config) => new(
        config.Payer.ToString(), config.PayerAuthorizer.ToString(), config.Receiver.ToString(), config.ReceiverAuthorizer.ToString(),
        config.Token.ToString(), config.WithdrawDelay, config.Salt.ToString());
}
