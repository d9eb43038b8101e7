using System.Collections.Frozen;
using Billing.Core.Pricing;

namespace Billing.Core.Budgets;

/// <summary>
/// The agent's side of the money: decides whether a proposed payment stays within the owner's caps and remembers the
/// payments it accepted.
/// </summary>
/// <remarks>
/// Hourly and daily caps count fixed UTC windows (the hour or day the payment is made in), not sliding ones: they reset
/// on the boundary, which an owner can read off a clock. <see cref="TryAccept"/> checks and records under one lock, so
/// concurrent requests of one agent cannot together overshoot a cap.
/// </remarks>
public sealed class SpendPolicy
{
    private readonly Lock _gate = new();
    private readonly FrozenSet<string>? _allowedAssets;
    private readonly FrozenSet<string>? _allowedNetworks;
    private readonly FixedWindowTally _hour = new(UsagePeriod.Hour);
    private readonly FixedWindowTally _day = new(UsagePeriod.Day);
    private readonly Dictionary<string, UInt128> _byChannel = new(StringComparer.OrdinalIgnoreCase);

    public SpendPolicy(SpendLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        _allowedAssets = limits.AllowedAssets?.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _allowedNetworks = limits.AllowedNetworks?.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    public SpendLimits Limits { get; }

    /// <summary>Whether the payment would be allowed now; records nothing.</summary>
    public SpendDecision Evaluate(ProposedSpend spend, DateTimeOffset now)
    {
        Validate(spend);
        lock (_gate)
        {
            return Decide(spend, now);
        }
    }

    /// <summary>Allows and records the payment if it fits every cap; otherwise records nothing.</summary>
    public SpendDecision TryAccept(ProposedSpend spend, DateTimeOffset now)
    {
        Validate(spend);
        lock (_gate)
        {
            var decision = Decide(spend, now);
            if (decision.IsAllowed)
            {
                Count(spend, now);
            }

            return decision;
        }
    }

    /// <summary>Records a payment that was made without asking (e.g. when restoring the agent's history).</summary>
    public void Record(ProposedSpend spend, DateTimeOffset now)
    {
        Validate(spend);
        lock (_gate)
        {
            Count(spend, now);
        }
    }

    /// <summary>Spent in the UTC hour containing <paramref name="now"/> (or the latest hour, if it is earlier).</summary>
    public UInt128 SpentInHour(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _hour.SpentAt(now);
        }
    }

    /// <summary>Spent in the UTC day containing <paramref name="now"/> (or the latest day, if it is earlier).</summary>
    public UInt128 SpentInDay(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _day.SpentAt(now);
        }
    }

    /// <summary>Spent through the channel since this policy was created (or restored).</summary>
    public UInt128 SpentOnChannel(string channelId)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        lock (_gate)
        {
            return _byChannel.GetValueOrDefault(channelId);
        }
    }

    private SpendDecision Decide(ProposedSpend spend, DateTimeOffset now)
    {
        if (_allowedAssets is not null && !_allowedAssets.Contains(spend.Asset))
        {
            return SpendDecision.Deny(SpendDenial.AssetNotAllowed, $"Asset {spend.Asset} is not allowed.");
        }

        if (_allowedNetworks is not null && !_allowedNetworks.Contains(spend.Network))
        {
            return SpendDecision.Deny(SpendDenial.NetworkNotAllowed, $"Network {spend.Network} is not allowed.");
        }

        if (Limits.PerRequest is { } perRequest && spend.Amount > perRequest)
        {
            return SpendDecision.Deny(
                SpendDenial.ExceedsPerRequestCap,
                $"{spend.Amount} exceeds the per-request cap of {perRequest}.");
        }

        if (spend.ChannelId is { } channelId && Limits.PerChannel is { } perChannel)
        {
            var spent = _byChannel.GetValueOrDefault(channelId);
            if (!SpendSum.Fits(spent, spend.Amount, perChannel))
            {
                return SpendDecision.Deny(
                    SpendDenial.ExceedsChannelCap,
                    $"{spend.Amount} on top of {spent} exceeds the per-channel cap of {perChannel}.");
            }
        }

        if (Limits.PerHour is { } perHour && !SpendSum.Fits(_hour.SpentAt(now), spend.Amount, perHour))
        {
            return SpendDecision.Deny(
                SpendDenial.ExceedsHourlyCap,
                $"{spend.Amount} on top of {_hour.SpentAt(now)} exceeds the hourly cap of {perHour}.");
        }

        if (Limits.PerDay is { } perDay && !SpendSum.Fits(_day.SpentAt(now), spend.Amount, perDay))
        {
            return SpendDecision.Deny(
                SpendDenial.ExceedsDailyCap,
                $"{spend.Amount} on top of {_day.SpentAt(now)} exceeds the daily cap of {perDay}.");
        }

        return SpendDecision.Allowed;
    }

    private void Count(ProposedSpend spend, DateTimeOffset now)
    {
        // Compute every new total first so an overflow leaves all tallies untouched.
        var channelTotal = spend.ChannelId is { } channelId
            ? SpendSum.Add(_byChannel.GetValueOrDefault(channelId), spend.Amount)
            : UInt128.Zero;
        _ = SpendSum.Add(_hour.SpentAt(now), spend.Amount);
        _ = SpendSum.Add(_day.SpentAt(now), spend.Amount);

        if (spend.ChannelId is { } id)
        {
            _byChannel[id] = channelTotal;
        }

        _hour.Add(now, spend.Amount);
        _day.Add(now, spend.Amount);
    }

    private static void Validate(ProposedSpend spend)
    {
        if (string.IsNullOrWhiteSpace(spend.Asset) || string.IsNullOrWhiteSpace(spend.Network))
        {
            throw new ArgumentException("A payment names its asset and network.", nameof(spend));
        }
    }
}
