namespace Billing.Server.Settlement;

/// <summary>Claim policy, batching and the transaction lifecycle. Bound from configuration section "Settlement".</summary>
public sealed class SettlementOptions
{
    public const string Section = "Settlement";

    /// <summary>Run settlement in the background every <see cref="Interval"/>; false leaves only the operator endpoint.</summary>
    public bool Automatic { get; set; } = true;

    /// <summary>Time between automatic runs; zero disables them. Withdrawal-pending channels are claimed on the next one.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Claim a channel once this many atomic units are charged and unclaimed.</summary>
    public UInt128 ClaimThreshold { get; set; } = 1_000_000;

    /// <summary>Claim a channel once its oldest unclaimed charge is this old, whatever the amount.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A batch worth less than this (atomic units) is not sent unless it carries a withdrawal-pending row.</summary>
    public UInt128 MinBatchValue { get; set; }

    /// <summary>
    /// A pending withdrawal whose finalization is closer than this when its claim is sent raises an alert: the claim may
    /// not land in time.
    /// </summary>
    public TimeSpan WithdrawalSafetyMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Send claimWithSignature (the receiver authorizer signs the batch; any key may send it) instead of claim (sender must
    /// be the receiver or its authorizer).
    /// </summary>
    public bool UseClaimWithSignature { get; set; } = true;

    /// <summary>Vouchers per claim transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>A batch whose estimated gas exceeds this is split.</summary>
    public ulong MaxBatchGas { get; set; } = 5_000_000;

    /// <summary>Fee cap in wei per gas: suggestions and replacements never go above it. Null: no cap.</summary>
    public ulong? MaxFeePerGas { get; set; }

    /// <summary>Priority fee cap in wei per gas. Null: no cap.</summary>
    public ulong? MaxPriorityFeePerGas { get; set; }

    /// <summary>A claim not mined after this long is replaced: same nonce, fees raised by at least 12.5%.</summary>
    public TimeSpan ReplaceAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Block tag ("safe" or "finalized") a claim's block must have reached before its channels are marked claimed. Null:
    /// Chain:Confirmations blocks deep.
    /// </summary>
    public string? ConfirmationTag { get; set; }

    /// <summary>
    /// How long a completed claim is re-checked on chain; if its block was reorged away its channels are re-read and
    /// claimed again.
    /// </summary>
    public TimeSpan ReorgWatch { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one run waits for a claim or settle receipt; a claim still pending is resumed by the next run.</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often receipts are polled.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
