namespace Billing.Server.Settlement;

/// <summary>
/// Critical log lines an operator must page on. The event ids are stable: alert rules match on them, not on the text.
/// </summary>
internal static partial class SettlementAlerts
{
    public const int WithdrawalAtRiskId = 8101;
    public const int FeeCapReachedId = 8102;

    [LoggerMessage(EventId = WithdrawalAtRiskId, EventName = "SettlementWithdrawalAtRisk", Level = LogLevel.Critical,
        Message = "Channel {ChannelId} has a pending withdrawal that may finalize at {FinalizesAt} (chain seconds) before its claim lands: {Reason}")]
    public static partial void WithdrawalAtRisk(ILogger logger, string channelId, ulong finalizesAt, string reason);

    [LoggerMessage(EventId = FeeCapReachedId, EventName = "SettlementFeeCapReached", Level = LogLevel.Critical,
        Message = "Claim batch {BatchId} is stuck at the fee cap ({MaxFeePerGas} wei per gas); waiting without further replacement")]
    public static partial void FeeCapReached(ILogger logger, string batchId, string maxFeePerGas);
}
