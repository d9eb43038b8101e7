using System.Globalization;

namespace Billing.Server.Settlement;

/// <summary>What one run did so far; becomes the <see cref="SettlementReport"/>. Used by one run at a time.</summary>
internal sealed class SettlementTally(ILogger logger)
{
    private readonly HashSet<string> _claimedChannels = new(StringComparer.Ordinal);
    private UInt128 _amountClaimed;
    private ulong _gasUsed;

    public List<string> Problems { get; } = [];

    public List<string> Alerts { get; } = [];

    public List<SkippedClaim> Skipped { get; } = [];

    public List<string> ClaimTransactions { get; } = [];

    public List<string> ReplacementTransactions { get; } = [];

    public List<string> SettleTransactions { get; } = [];

    public void Skip(ClaimRow row, string reason)
    {
        Skipped.Add(new SkippedClaim(row.ChannelId, reason));
        if (row.Urgent)
        {
            Alert(row, $"not claimed: {reason}");
        }
    }

    /// <summary>Raises the withdrawal alert for an urgent row: a Critical log with a stable event id, and a report line.</summary>
    public void Alert(ClaimRow row, string reason)
    {
        SettlementAlerts.WithdrawalAtRisk(logger, row.ChannelId, row.WithdrawalFinalizesAt, reason);
        Alerts.Add($"channel {row.ChannelId}: withdrawal finalizes at {row.WithdrawalFinalizesAt} (chain seconds); {reason}");
    }

    public void FeeCapReached(string batchId, string maxFeePerGas)
    {
        SettlementAlerts.FeeCapReached(logger, batchId, maxFeePerGas);
        Alerts.Add($"claim batch {batchId} is stuck at the fee cap of {maxFeePerGas} wei per gas");
    }

    public void Claimed(string channelId, UInt128 amount)
    {
        _claimedChannels.Add(channelId);
        _amountClaimed = checked(_amountClaimed + amount);
    }

    public void GasUsed(ulong gas) => _gasUsed = checked(_gasUsed + gas);

    public SettlementReport ToReport() => new(
        _claimedChannels.Count,
        _amountClaimed.ToString(CultureInfo.InvariantCulture),
        ClaimTransactions,
        SettleTransactions,
        Problems)
    {
        GasUsed = _gasUsed,
        GasPerMillionUnits = _amountClaimed == UInt128.Zero
            ? null
            : ((UInt128)_gasUsed * 1_000_000 / _amountClaimed).ToString(CultureInfo.InvariantCulture),
        Skipped = Skipped,
        Alerts = Alerts,
        ReplacementTransactions = ReplacementTransactions,
    };
}
