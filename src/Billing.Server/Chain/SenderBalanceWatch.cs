using Billing.Evm;
using Billing.Evm.Rpc;
using Billing.Server.Settlement;
using Microsoft.Extensions.Options;

namespace Billing.Server.Chain;

/// <summary>
/// Reads the ETH balance of the keys that pay this server's gas on a schedule, and warns when one runs low: deposits and
/// refunds are sent (and paid) by the payment key, claims by the settlement key, which may be the same one.
/// </summary>
public sealed partial class SenderBalanceWatch(
    EthRpcClient rpc,
    TransactionSender payments,
    SettlementAccount settlement,
    SenderBalances balances,
    IOptions<SenderBalanceOptions> options,
    TimeProvider time,
    ILogger<SenderBalanceWatch> logger) : BackgroundService
{
    /// <summary>Stable, so that alert rules can match on it.</summary>
    public const int LowBalanceEventId = 8201;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Address[] accounts = payments.Account == settlement.Sender.Account
            ? [payments.Account]
            : [payments.Account, settlement.Sender.Account];
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        do
        {
            foreach (var account in accounts)
            {
                await CheckAsync(account, stoppingToken);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task CheckAsync(Address account, CancellationToken cancellationToken)
    {
        try
        {
            var wei = await rpc.GetBalanceAsync(account, cancellationToken: cancellationToken);
            var threshold = options.Value.LowBalanceWei;
            var low = wei < threshold;
            balances.Record(account, wei, low, time.GetUtcNow());
            if (low)
            {
                LogLowBalance(logger, account.ToString(), wei.ToString(System.Globalization.CultureInfo.InvariantCulture), threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The next tick reads again; a watch must not stop for a failed read.
            LogReadFailed(logger, ex, account.ToString());
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = LowBalanceEventId, EventName = "SenderBalanceLow", Level = LogLevel.Warning,
        Message = "Sending key {Account} holds {BalanceWei} wei, below {ThresholdWei}: deposits, refunds and claims will fail once it cannot pay gas")]
    private static partial void LogLowBalance(ILogger logger, string account, string balanceWei, string thresholdWei);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the balance of sending key {Account} failed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string account);
}
