using Orleans.Runtime;
using Billing.Abstractions.Channels;
using Billing.Abstractions.Payers;
using Billing.Abstractions.Settlement;
using Billing.Abstractions.Usage;
using Billing.Core.Channels;
using Billing.Core.Journal;
using Billing.Core.Metering;
using Billing.Core.Pricing;
using Billing.Evm;
using Billing.Grains.Chain;
using Billing.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Billing.Grains.Channels;

/// <summary>
/// The single writer of one payment channel. Every payment decision is made here, in memory; the chain is read only when the
/// channel is first seen or a voucher outruns the escrow we know of. A committed charge becomes a record in the charge log
/// (group-committed with other channels' records), which is the source of truth; the grain state is a snapshot of the
/// ledger written behind the log, and activation restores snapshot + the channel's log records after it.
/// </summary>
public sealed partial class ChannelGrain(
    [PersistentState(ChannelGrain.StateName, BillingStorageNames.Channels)] IPersistentState<ChannelLedgerState> persistent,
    VoucherVerifier verifier,
    IChannelChainReader chain,
    UnfundedChannels unfunded,
    IChargeJournal journal,
    IOptions<ChannelGrainOptions> options,
    TimeProvider time,
    ILogger<ChannelGrain> logger) : Grain, IChannelGrain
{
    /// <summary>Unique per grain class: the ADO.NET provider keys rows by state name, not grain type (Orleans #8746).</summary>
    public const string StateName = "channel-ledger";

    private readonly ChannelGrainOptions _options = options.Value;
    private ChannelLedger _ledger = null!;
    private readonly SemaphoreSlim _snapshotWriter = new(1, 1);
    private UInt128 _unwritten;
    private bool _dirty;
    private int _chargesSinceSnapshot;
    private bool _snapshotQueued;
    private bool _logFailed;
    private Task? _logged;
    private Task? _firstSnapshot;
    private IGrainTimer? _writeBehind;
    private IGrainTimer? _snapshotTimer;
    private IGrainTimer? _leaveIfNeverPaid;
    private List<ChargeRecord>? _unjournaled;
    private UsageAggregate _usage = null!;
    private DateTimeOffset? _refundHeldUntil;
    private Hash32 _channelId;
    private Address _payerAuthorizer;
    private bool _termsParsed;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (!Hash32.TryParse(key, out _channelId) || !string.Equals(key, _channelId.ToString(), StringComparison.Ordinal))
        {
            // Refused with an exception Orleans carries to the caller. A non-hex key would otherwise surface as a codec
            // failure, and an upper-case spelling of a real id would open a second ledger for the same channel.
            throw new ArgumentException($"Grain key '{key}' is not a channel id (0x and 64 lower-case hex digits).", nameof(key));
        }

        _ledger = new ChannelLedger(persistent.State, _options.Ledger);
        _usage = new UsageAggregate(UsagePeriod.Day);
        foreach (var bucket in persistent.State.RecentUsage)
        {
            _usage.Add(bucket);
        }

        // The aggregate holds the usage while active; the state carries it only while being written.
        persistent.State.RecentUsage = [];
        if (persistent.State.Terms is { } terms)
        {
            persistent.State.Terms = SharedTermStrings.Share(terms);
        }

        if (persistent.State.ChannelId.Length == 0)
        {
            persistent.State.ChannelId = _channelId.ToString();
        }

        await RestoreFromLogAsync(cancellationToken);
        if (_options.Durability == DurabilityMode.Windowed)
        {
            // What storage holds may trail what payers saw acknowledged by at most the window's amount.
            _ledger.AllowCatchUp(_options.WriteBehindMaxAmount);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // After a failed log write the memory holds charges the log may not: the snapshot must never get ahead of the log.
        if (_dirty && !_logFailed)
        {
            await PersistAsync();
        }
    }

    public async ValueTask<PaymentDecision> Authorize(VoucherPresentation presentation)
    {
        var state = _ledger.State;
        if (await PrepareToWeighAsync(presentation, escrowArriving: false) is var unready and not PaymentRejection.None)
        {
            return Refuse(unready);
        }

        var request = new VoucherAuthorization(
            presentation.RequestId, presentation.SignedMaxClaimable, presentation.Signature, presentation.Ceiling);
        var chargedBefore = state.ChargedCumulative;
        var outcome = _ledger.Authorize(request, time.GetUtcNow());
        if (outcome.Rejection is LedgerRejection.ChannelNotFound or LedgerRejection.CumulativeExceedsBalance
            && time.GetUtcNow() - state.Chain.SyncedAt >= _options.ResyncInterval
            && !unfunded.Contains(_channelId)
            && await TrySyncAsync())
        {
            outcome = _ledger.Authorize(request, time.GetUtcNow());
        }

        if (state.ChargedCumulative > chargedBefore)
        {
            // The payer's voucher restored a tail that write-behind lost: journal it, or the journal would fall short of the
            // charged total by exactly that tail. It is written with the next commit's state.
            Journal(presentation.RequestId, ChargeKind.CatchUp, state.ChargedCumulative - chargedBefore);
        }

        if (!outcome.Succeeded)
        {
            DeactivateIfNeverPaid();
        }
        else if (!persistent.RecordExists)
        {
            // The log's records do not carry the channel's terms: the first snapshot must hold them before a charge is
            // acknowledged, or a crash would leave charges no claim can collect. Written while the request runs.
            _firstSnapshot ??= WriteSnapshotAsync();
        }

        return Decide(outcome);
    }

    public async ValueTask<PaymentDecision> PreviewDeposit(VoucherPresentation presentation, UInt128 deposit)
    {
        var state = _ledger.State;
        if (await PrepareToWeighAsync(presentation, escrowArriving: true) is var unready and not PaymentRejection.None)
        {
            return Decide(unready);
        }

        var request = new VoucherAuthorization(
            presentation.RequestId, presentation.SignedMaxClaimable, presentation.Signature, presentation.Ceiling);
        var outcome = _ledger.Preview(request, deposit, time.GetUtcNow());
        if (outcome.Rejection == LedgerRejection.CumulativeExceedsBalance
            && time.GetUtcNow() - state.Chain.SyncedAt >= _options.ResyncInterval
            && await TrySyncAsync())
        {
            outcome = _ledger.Preview(request, deposit, time.GetUtcNow());
        }

        return Decide(outcome);
    }

    /// <summary>
    /// What must hold before a voucher is weighed, for an authorization as for a deposit's preview: the channel's terms,
    /// the payer authorizer's signature, no refund holding the channel, and a mirror of the chain fresh enough to decide on.
    /// </summary>
    /// <param name="escrowArriving">A deposit comes with the voucher: a channel read moments ago without escrow may be weighed.</param>
    private async ValueTask<PaymentRejection> PrepareToWeighAsync(VoucherPresentation presentation, bool escrowArriving)
    {
        var state = _ledger.State;
        if (!TryAdoptTerms(presentation.Config, out var termsRejection))
        {
            return termsRejection;
        }

        if (!verifier.IsSignedBy(_channelId, presentation.SignedMaxClaimable, presentation.Signature, _payerAuthorizer))
        {
            return PaymentRejection.InvalidSignature;
        }

        if (RefundHeld())
        {
            return PaymentRejection.ChannelBusy;
        }

        if (RefundLapsed() && !await TrySyncAsync())
        {
            return PaymentRejection.ChainStateUnavailable;
        }

        if (state.Chain.SyncedAtBlock == 0)
        {
            if (!escrowArriving && unfunded.Contains(_channelId))
            {
                return PaymentRejection.ChannelNotFound;
            }

            if (!await TrySyncAsync())
            {
                return PaymentRejection.ChainStateUnavailable;
            }
        }

        if (state.Chain.WithdrawRequestedAt > 0 && time.GetUtcNow() - state.Chain.ChainTimeObservedAt >= _options.ResyncInterval)
        {
            // The withdrawal's deadline runs on the chain's clock, which may jump; read it (and the withdrawal) afresh, at
            // most once per resync interval. A failed read leaves the decision to the clock we have.
            await TrySyncAsync();
        }

        return PaymentRejection.None;
    }

    public async ValueTask<PaymentDecision> Commit(string requestId, UInt128 charge)
    {
        var outcome = _ledger.Commit(requestId, charge);
        if (outcome.Succeeded && !outcome.Replayed)
        {
            _usage.Record(time.GetUtcNow(), null, UsageQuantities.OneCall, SubUnits.FromAtomic(outcome.Charged), outcome.Charged);
            Journal(requestId, ChargeKind.Call, outcome.Charged);
            await MakeDurableAsync();
            await RegisterForSettlementAsync();
            await IndexByPayerAsync();
        }

        return Decide(outcome);
    }

    public async ValueTask<PaymentDecision> CommitMetered(string requestId, MeteredCharge charge)
    {
        var exact = new SubUnits(charge.ExactSubUnits);
        var outcome = _ledger.CommitMetered(requestId, exact);
        if (outcome.Succeeded && !outcome.Replayed)
        {
            var u = charge.Usage;
            var usage = new UsageQuantities(u.InputTokens, u.CachedInputTokens, u.CacheWriteTokens, u.OutputTokens, u.ReasoningTokens, u.Calls);
            _usage.Record(time.GetUtcNow(), charge.Model, usage, exact, outcome.Charged);
            Journal(
                requestId,
                ChargeKind.Metered,
                outcome.Charged,
                charge.Model,
                checked(u.InputTokens + u.CachedInputTokens + u.CacheWriteTokens),
                checked(u.OutputTokens + u.ReasoningTokens));
            await MakeDurableAsync();
            await RegisterForSettlementAsync();
            await IndexByPayerAsync();
        }

        return Decide(outcome);
    }

    public ValueTask<IReadOnlyList<UsageReportRow>> GetUsage(DateTimeOffset from, DateTimeOffset to)
    {
        var rows = new List<UsageReportRow>();
        foreach (var bucket in _usage.Query(from, to))
        {
            var q = bucket.Totals.Usage;
            rows.Add(new UsageReportRow(
                bucket.PeriodStart,
                bucket.Model,
                bucket.Totals.Requests,
                new UsageMessage(q.Calls, q.InputTokens, q.CachedInputTokens, q.CacheWriteTokens, q.OutputTokens, q.ReasoningTokens),
                bucket.Totals.Charged));
        }

        return ValueTask.FromResult<IReadOnlyList<UsageReportRow>>(rows);
    }

    public async ValueTask<RefundPreparation> PrepareRefund(VoucherPresentation presentation)
    {
        var state = _ledger.State;
        if (!TryAdoptTerms(presentation.Config, out var termsRejection))
        {
            DeactivateIfNeverPaid();
            return new RefundPreparation(termsRejection, state.Terms is null ? null : View());
        }

        if (!verifier.IsSignedBy(_channelId, presentation.SignedMaxClaimable, presentation.Signature, _payerAuthorizer))
        {
            DeactivateIfNeverPaid();
            return new RefundPreparation(PaymentRejection.InvalidSignature, View());
        }

        _ledger.ExpireReservations(time.GetUtcNow());
        if (RefundHeld() || state.Reservations.Count > 0)
        {
            return new RefundPreparation(PaymentRejection.ChannelBusy, View());
        }

        // Escrow is about to leave: decide on the chain's current state, not on a cached mirror. Only a channel read moments
        // ago without escrow is refused without reading: it has nothing to refund either way.
        if (unfunded.Contains(_channelId))
        {
            DeactivateIfNeverPaid();
            return new RefundPreparation(PaymentRejection.ChannelNotFound, View());
        }

        if (!await TrySyncAsync())
        {
            return new RefundPreparation(PaymentRejection.ChainStateUnavailable, View());
        }

        if (state.Chain.Balance == UInt128.Zero)
        {
            DeactivateIfNeverPaid();
            return new RefundPreparation(PaymentRejection.ChannelNotFound, View());
        }

        // A refund voucher charges nothing: it must sign exactly what was charged (and so authorizes claiming it).
        if (presentation.SignedMaxClaimable != state.ChargedCumulative)
        {
            return new RefundPreparation(PaymentRejection.CumulativeAmountMismatch, View());
        }

        _refundHeldUntil = time.GetUtcNow() + _options.RefundHoldTimeout;
        return new RefundPreparation(PaymentRejection.None, View());
    }

    public async ValueTask<ChannelView?> CompleteRefund()
    {
        try
        {
            return await SyncFromChain();
        }
        finally
        {
            _refundHeldUntil = null;
        }
    }

    public ValueTask<PaymentDecision> Void(string requestId) => ValueTask.FromResult(Decide(_ledger.Void(requestId)));

    public ValueTask<PaymentDecision> Renew(string requestId) =>
        ValueTask.FromResult(Decide(_ledger.Renew(requestId, time.GetUtcNow())));

    public ValueTask<ChannelView?> GetView() =>
        ValueTask.FromResult(_ledger.State.Terms is null ? null : View());

    public async ValueTask<ChannelView?> GetDurableView()
    {
        await AppendToLogAsync();
        return _ledger.State.Terms is null ? null : View();
    }

    public ValueTask<ClaimCandidate?> GetClaimCandidate()
    {
        var state = _ledger.State;
        if (state.Terms is null || state.HighestVoucher is null || state.ChargedCumulative <= state.Chain.TotalClaimed)
        {
            return ValueTask.FromResult<ClaimCandidate?>(null);
        }

        var candidate = new ClaimCandidate(
            state.ChannelId,
            ToMessage(state.Terms),
            state.HighestVoucher.MaxClaimableAmount,
            state.HighestVoucher.Signature,
            state.ChargedCumulative,
            state.Chain.TotalClaimed,
            state.Chain.WithdrawRequestedAt);
        return ValueTask.FromResult<ClaimCandidate?>(candidate);
    }

    public async ValueTask<ChannelView?> SyncFromChain()
    {
        var synced = await TrySyncAsync();
        if (synced)
        {
            await PersistAsync();
        }

        // Whoever removed us from the shard (settlement, after a claim) relies on this, even when the read failed: if the
        // channel still owes (charges that arrived while a claim was in flight), it registers again, or the rest would
        // never be claimed.
        _ledger.State.AwaitingSettlement = false;
        await RegisterForSettlementAsync(urgent: _ledger.State.Chain.WithdrawRequestedAt > 0);
        if (!synced)
        {
            throw new InvalidOperationException($"Chain state of channel {_channelId} could not be read.");
        }

        return _ledger.State.Terms is null ? null : View();
    }

    public async ValueTask ApplyChainEvents(IReadOnlyList<ChainEventMessage> events)
    {
        if (events.Any(e => e.Kind == ChainEventKind.Deposited))
        {
            unfunded.Remove(_channelId);
        }

        if (_ledger.State.Terms is null && !persistent.RecordExists)
        {
            // The contract is shared: most of its channels belong to other receivers. A channel no payment has introduced
            // to us is not followed and gets no row; its first voucher reads its state from the chain anyway.
            return;
        }

        var applied = false;
        foreach (var e in events)
        {
            var chainEvent = new ChannelChainEvent(new ChainEventPosition(e.Block, e.LogIndex), ToLedgerKind(e.Kind), e.Amount, e.Time);
            applied |= _ledger.Apply(chainEvent, time.GetUtcNow());
        }

        if (applied)
        {
            await PersistAsync();
            await RegisterForSettlementAsync(
                urgent: _ledger.State.Chain.WithdrawRequestedAt > 0 && events.Any(e => e.Kind == ChainEventKind.WithdrawInitiated));
        }
    }

    public async ValueTask ResyncAfterReorg()
    {
        var chain = _ledger.State.Chain;
        chain.LastEvent = default;
        chain.SyncedAtBlock = 0;
        await SyncFromChain();
    }

    /// <summary>A refund holds the channel, and its hold has not timed out.</summary>
    private bool RefundHeld() => _refundHeldUntil is { } until && time.GetUtcNow() < until;

    /// <summary>
    /// True once for a refund hold that timed out without being completed: its transaction may or may not have moved the
    /// escrow, so the caller re-reads the chain before it decides anything.
    /// </summary>
    private bool RefundLapsed()
    {
        if (_refundHeldUntil is null || RefundHeld())
        {
            return false;
        }

        _refundHeldUntil = null;
        return true;
    }

    private async Task<bool> TrySyncAsync()
    {
        try
        {
            var snapshot = await chain.ReadAsync(_ledger.State.ChannelId, CancellationToken.None);
            _ledger.SyncFromChain(snapshot, time.GetUtcNow());
            if (snapshot.Balance == UInt128.Zero)
            {
                unfunded.Add(_channelId);
            }
            else
            {
                unfunded.Remove(_channelId);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogChainReadFailed(logger, ex, _ledger.State.ChannelId);
            return false;
        }
    }

    /// <summary>
    /// Applies the durability policy to a charge just committed in memory (its record already queued by
    /// <see cref="Journal"/>), before it is acknowledged. Strict: the record is handed to the charge log and the answer
    /// waits for the group commit that holds it, nothing else. Windowed: it waits in the grain until the write-behind timer
    /// hands it over, unless the unwritten amount would pass the window's bound.
    /// </summary>
    private async Task MakeDurableAsync()
    {
        _dirty = true;
        _chargesSinceSnapshot++;
        if (!persistent.RecordExists)
        {
            await StoreFirstSnapshotAsync();
        }

        if (_options.Durability == DurabilityMode.Strict || _unwritten > _options.WriteBehindMaxAmount)
        {
            await AppendToLogAsync();
        }
        else
        {
            // Interleaved: the timer's append must not hold the channel while the log commits.
            _writeBehind ??= this.RegisterGrainTimer(
                WriteBehindAsync,
                new GrainTimerCreationOptions(_options.WriteBehindDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
        }

        if (_chargesSinceSnapshot >= _options.SnapshotEveryCharges)
        {
            SnapshotBehind();
        }
        else
        {
            _snapshotTimer ??= this.RegisterGrainTimer(
                SnapshotTimerAsync, new GrainTimerCreationOptions(_options.SnapshotInterval, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }

    /// <summary>Waits for the snapshot started at the channel's first authorization, or writes one if it failed.</summary>
    private async Task StoreFirstSnapshotAsync()
    {
        var pending = _firstSnapshot;
        _firstSnapshot = null;
        if (pending is not null)
        {
            try
            {
                await pending;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogSnapshotFailed(logger, ex, _ledger.State.ChannelId);
            }
        }

        if (!persistent.RecordExists)
        {
            await PersistAsync();
        }
    }

    private async Task WriteBehindAsync(CancellationToken cancellationToken)
    {
        _writeBehind?.Dispose();
        _writeBehind = null;
        await AppendToLogAsync();
    }

    /// <summary>Hands the queued records to the charge log and waits until every record handed so far is durable.</summary>
    /// <exception cref="InvalidOperationException">A log write of this activation failed: its charges may not be durable.</exception>
    private async Task AppendToLogAsync()
    {
        await HandToLog();
        if (_logFailed)
        {
            throw new InvalidOperationException($"The charge log of channel {_channelId} lost a write; the channel reloads from storage.");
        }
    }

    /// <summary>
    /// Hands the queued records to the charge log without waiting. The returned task completes when they, and everything
    /// handed before them, are durable: the log commits appends in the order they arrive.
    /// </summary>
    private Task HandToLog()
    {
        if (_unjournaled is { Count: > 0 } rows)
        {
            // Dropped rather than kept empty, as most channels sit idle between charges.
            _unjournaled = null;
            _logged = ConfirmLoggedAsync(journal.AppendAsync(rows), rows);
        }

        return _logged ?? Task.CompletedTask;
    }

    private async Task ConfirmLoggedAsync(Task append, List<ChargeRecord> rows)
    {
        try
        {
            await append;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The in-memory ledger holds charges that may not be durable. Drop this activation so the next call restores
            // what storage holds; whoever waits for these rows sees the failure, so an undurable charge is never
            // acknowledged.
            _logFailed = true;
            LogChargeLogFailed(logger, ex, _ledger.State.ChannelId);
            DeactivateOnIdle();
            return;
        }

        foreach (var row in rows)
        {
            _unwritten -= row.Amount;
        }
    }

    private Task SnapshotTimerAsync(CancellationToken cancellationToken)
    {
        _snapshotTimer?.Dispose();
        _snapshotTimer = null;
        if (_dirty)
        {
            SnapshotBehind();
        }

        return Task.CompletedTask;
    }

    /// <summary>Starts a snapshot write that the channel does not wait for; at most one is queued behind the one in flight.</summary>
    private void SnapshotBehind()
    {
        if (_snapshotQueued)
        {
            return;
        }

        _snapshotQueued = true;
        _ = SnapshotBehindAsync();
    }

    private async Task SnapshotBehindAsync()
    {
        try
        {
            await WriteSnapshotAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing is lost: the charge log holds every charge the snapshot would have; the next one retries.
            LogSnapshotFailed(logger, ex, _ledger.State.ChannelId);
        }
    }

    /// <summary>
    /// Cold-path state changes (chain events, chain reads, deactivation) write the snapshot and wait for it, as any state
    /// write; the charge path never does.
    /// </summary>
    private async Task PersistAsync()
    {
        try
        {
            await WriteSnapshotAsync();
        }
        catch
        {
            // The in-memory ledger now holds a change that is not durable. Drop this activation so the next call reloads
            // what storage holds, and let the caller see the failure.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// Writes a copy of the ledger as it is now, once every charge log record it reflects is durable, so a snapshot is never
    /// ahead of the log (recovery = snapshot + the records after its <see cref="ChannelLedgerState.LogSequence"/>). One
    /// write at a time; the channel keeps working while it runs.
    /// </summary>
    private async Task WriteSnapshotAsync()
    {
        await _snapshotWriter.WaitAsync();
        try
        {
            _snapshotQueued = false;
            var logged = HandToLog();
            _usage.Prune(time.GetUtcNow().AddDays(-_options.UsageRetentionDays));
            var snapshot = _ledger.State.Copy();
            snapshot.RecentUsage = [.. _usage.Buckets];
            DropOpenReservations(snapshot);
            var charges = _chargesSinceSnapshot;
            _dirty = false;
            _chargesSinceSnapshot = 0;
            try
            {
                await logged;
                if (_logFailed)
                {
                    throw new InvalidOperationException($"The charge log of channel {_channelId} lost a write; no snapshot is written ahead of it.");
                }

                persistent.State = snapshot;
                await persistent.WriteStateAsync();
            }
            catch
            {
                _dirty = true;
                _chargesSinceSnapshot += charges;
                throw;
            }
        }
        finally
        {
            _snapshotWriter.Release();
        }
    }

    /// <summary>
    /// A reservation does not outlive its caller: a snapshot keeps none open, nor the record of the request that holds it,
    /// so an activation restored after a crash neither blocks the channel for a dead request nor lets it commit later. Its
    /// payer may present the same payment again, as it could had the request never arrived.
    /// </summary>
    private static void DropOpenReservations(ChannelLedgerState snapshot)
    {
        foreach (var reservation in snapshot.Reservations)
        {
            if (snapshot.Requests.TryGetValue(reservation.RequestId, out var request) && request.Stage == RequestStage.Authorized)
            {
                snapshot.Requests.Remove(reservation.RequestId);
            }
        }

        snapshot.Reservations.Clear();
        snapshot.RequestOrder = new Queue<string>(snapshot.RequestOrder.Where(snapshot.Requests.ContainsKey));
    }

    /// <summary>
    /// Brings the ledger loaded from the snapshot up to the charge log: the channel's records after the snapshot's
    /// sequence (one indexed range read), so the charged total, the highest voucher and the committed request ids are
    /// never behind what was acknowledged.
    /// </summary>
    private async Task RestoreFromLogAsync(CancellationToken cancellationToken)
    {
        var channelId = _ledger.State.ChannelId;
        await foreach (var record in journal.ReadChannelAsync(channelId, _ledger.State.LogSequence, cancellationToken))
        {
            if (!_ledger.Restore(record))
            {
                continue;
            }

            _dirty = true;
            _chargesSinceSnapshot++;
            switch (record.Kind)
            {
                case ChargeKind.Call:
                    _usage.Record(record.ChargedAt, null, UsageQuantities.OneCall, SubUnits.FromAtomic(record.Amount), record.Amount);
                    break;
                case ChargeKind.Metered:
                    // The log keeps input and output totals; the finer split (cached, reasoning) lives in snapshots only.
                    var usage = new UsageQuantities(InputTokens: record.InputTokens, OutputTokens: record.OutputTokens, Calls: 1);
                    _usage.Record(record.ChargedAt, record.Model, usage, new SubUnits(record.ExactSubUnits), record.Amount);
                    break;
            }
        }

        if (_dirty)
        {
            _snapshotTimer ??= this.RegisterGrainTimer(
                SnapshotTimerAsync, new GrainTimerCreationOptions(_options.SnapshotInterval, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }

    /// <summary>Queues the log record of a charge just committed (or restored) in memory; <see cref="HandToLog"/> hands it over.</summary>
    private void Journal(string requestId, ChargeKind kind, UInt128 amount, string? model = null, ulong inputTokens = 0, ulong outputTokens = 0)
    {
        (_unjournaled ??= []).Add(_ledger.LogCharge(requestId, kind, amount, time.GetUtcNow(), model, inputTokens, outputTokens));
        _unwritten += amount;
    }

    /// <summary>Lists the channel with its payer on its first charge, so reports can be given per agent.</summary>
    private async Task IndexByPayerAsync()
    {
        var state = _ledger.State;
        if (state.IndexedByPayer || state.Terms is null)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IPayerGrain>(state.Terms.Payer.ToLowerInvariant()).AddChannel(state.ChannelId);
            state.IndexedByPayer = true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Reports only: the charge is durable; the next commit lists the channel again.
            LogRegistrationFailed(logger, ex, state.ChannelId);
        }
    }

    /// <summary>
    /// Lists the channel with its shard while charges are unclaimed. Urgent when a withdrawal is pending: once it finalizes,
    /// the escrow behind those charges is gone, so the shard must have settlement claim it on its next tick.
    /// </summary>
    private async Task RegisterForSettlementAsync(bool urgent = false)
    {
        var state = _ledger.State;
        if ((state.AwaitingSettlement && !urgent) || state.ChargedCumulative <= state.Chain.TotalClaimed)
        {
            return;
        }

        try
        {
            var shard = GrainFactory.GetGrain<ISettlementShardGrain>(SettlementShards.KeyForChannel(state.ChannelId));
            await (urgent ? shard.RegisterUrgent(state.ChannelId) : shard.Register(state.ChannelId));
            state.AwaitingSettlement = true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The charge is already durable and must be acknowledged; the next commit or sync registers again.
            LogRegistrationFailed(logger, ex, state.ChannelId);
        }
    }

    private bool TryAdoptTerms(ChannelConfigMessage config, out PaymentRejection rejection)
    {
        rejection = PaymentRejection.None;
        var state = _ledger.State;
        state.Terms ??= SharedTermStrings.Share(new ChannelTerms(
            config.Payer, config.PayerAuthorizer, config.Receiver, config.ReceiverAuthorizer, config.Token, config.WithdrawDelay, config.Salt));
        if (_termsParsed)
        {
            return true;
        }

        // The HTTP layer has checked that the channel id is the EIP-712 hash of this config, so the config is the channel's.
        _payerAuthorizer = Address.Parse(state.Terms.PayerAuthorizer);
        if (_payerAuthorizer.IsZero)
        {
            // A zero payer authorizer means EIP-1271 signatures by the payer, which need an RPC call per voucher.
            rejection = PaymentRejection.AuthorizerNotSupported;
            return false;
        }

        _termsParsed = true;
        return true;
    }

    private PaymentDecision Decide(LedgerOutcome outcome) =>
        new(ToPaymentRejection(outcome.Rejection), outcome.Charged, _ledger.State.Terms is null ? null : View());

    private static ChannelChainEventKind ToLedgerKind(ChainEventKind kind) => kind switch
    {
        ChainEventKind.Deposited => ChannelChainEventKind.Deposited,
        ChainEventKind.Claimed => ChannelChainEventKind.Claimed,
        ChainEventKind.Refunded => ChannelChainEventKind.Refunded,
        ChainEventKind.WithdrawInitiated => ChannelChainEventKind.WithdrawInitiated,
        ChainEventKind.WithdrawFinalized => ChannelChainEventKind.WithdrawFinalized,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown chain event."),
    };

    private static PaymentRejection ToPaymentRejection(LedgerRejection rejection) => rejection switch
    {
        LedgerRejection.None => PaymentRejection.None,
        LedgerRejection.ChannelNotFound => PaymentRejection.ChannelNotFound,
        LedgerRejection.CumulativeAmountMismatch => PaymentRejection.CumulativeAmountMismatch,
        LedgerRejection.CumulativeBelowClaimed => PaymentRejection.CumulativeBelowClaimed,
        LedgerRejection.CumulativeExceedsBalance => PaymentRejection.CumulativeExceedsBalance,
        LedgerRejection.ChannelBusy => PaymentRejection.ChannelBusy,
        LedgerRejection.ReservationNotFound => PaymentRejection.ReservationNotFound,
        LedgerRejection.ChargeExceedsCeiling => PaymentRejection.ChargeExceedsCeiling,
        LedgerRejection.RequestIdConflict => PaymentRejection.RequestIdConflict,
        LedgerRejection.RequestInProgress => PaymentRejection.RequestInProgress,
        LedgerRejection.RequestAlreadyRedeemed => PaymentRejection.RequestAlreadyRedeemed,
        LedgerRejection.WithdrawalPending => PaymentRejection.WithdrawalPending,
        _ => throw new ArgumentOutOfRangeException(nameof(rejection), rejection, "Unmapped ledger rejection."),
    };

    /// <summary>Refuses, and lets an activation that holds nothing of value go (see <see cref="DeactivateIfNeverPaid"/>).</summary>
    private PaymentDecision Refuse(PaymentRejection rejection)
    {
        DeactivateIfNeverPaid();
        return Decide(rejection);
    }

    /// <summary>
    /// A channel that never paid us (nothing stored, nothing charged or reserved, no escrow seen) holds nothing worth
    /// keeping in memory: its activation goes <see cref="ChannelGrainOptions.NeverPaidLinger"/> after the refusal instead of
    /// after the idle collection age, so a flood of vouchers for unknown channels cannot pile up activations. A later repeat
    /// costs an activation and a storage read, and the unfunded-channel cache keeps it off the chain.
    /// </summary>
    private void DeactivateIfNeverPaid()
    {
        // Not at once: concurrent requests for the same channel would each land on a deactivating activation and be
        // forwarded; a short linger lets them share this one, and the timer does not keep the activation alive.
        _leaveIfNeverPaid ??= NeverPaid()
            ? this.RegisterGrainTimer(LeaveIfNeverPaidAsync, new GrainTimerCreationOptions(_options.NeverPaidLinger, Timeout.InfiniteTimeSpan) { Interleave = false })
            : null;
    }

    private Task LeaveIfNeverPaidAsync(CancellationToken cancellationToken)
    {
        _leaveIfNeverPaid?.Dispose();
        _leaveIfNeverPaid = null;
        if (NeverPaid())
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    private bool NeverPaid()
    {
        var state = _ledger.State;
        return !persistent.RecordExists && !_dirty && _refundHeldUntil is null && state.ChargedCumulative == UInt128.Zero
            && state.Chain.Balance == UInt128.Zero && state.Reservations.Count == 0;
    }

    private PaymentDecision Decide(PaymentRejection rejection) =>
        new(rejection, UInt128.Zero, _ledger.State.Terms is null ? null : View());

    private ChannelView View()
    {
        var state = _ledger.State;
        return new ChannelView(
            state.ChannelId,
            state.Chain.Balance,
            state.Chain.TotalClaimed,
            state.Chain.WithdrawRequestedAt,
            state.Chain.RefundNonce,
            state.ChargedCumulative,
            state.HighestVoucher?.MaxClaimableAmount ?? UInt128.Zero,
            state.HighestVoucher?.Signature);
    }

    private static ChannelConfigMessage ToMessage(ChannelTerms terms) =>
        new(terms.Payer, terms.PayerAuthorizer, terms.Receiver, terms.ReceiverAuthorizer, terms.Token, terms.WithdrawDelay, terms.Salt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering channel {ChannelId} with its settlement shard failed; retried on the next commit")]
    private static partial void LogRegistrationFailed(ILogger logger, Exception exception, string channelId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the charge log of channel {ChannelId} failed; the channel reloads from storage")]
    private static partial void LogChargeLogFailed(ILogger logger, Exception exception, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the snapshot of channel {ChannelId} failed; its charges are in the charge log and the next snapshot retries")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception exception, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading channel {ChannelId} from the chain failed")]
    private static partial void LogChainReadFailed(ILogger logger, Exception exception, string channelId);
}
