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
/// channel is first seen or a voucher outruns the escrow we know of, and storage is written when a charge is committed.
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
    private UInt128 _unwritten;
    private bool _dirty;
    private IGrainTimer? _writeBehind;
    private IGrainTimer? _leaveIfNeverPaid;
    private List<ChargeRecord>? _unjournaled;
    private UsageAggregate _usage = null!;
    private DateTimeOffset? _refundHeldUntil;
    private Hash32 _channelId;
    private Address _payerAuthorizer;
    private bool _termsParsed;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
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

        if (_options.Durability == DurabilityMode.Windowed)
        {
            // What storage holds may trail what payers saw acknowledged by at most the window's amount.
            _ledger.AllowCatchUp(_options.WriteBehindMaxAmount);
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
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
            await MakeDurableAsync(outcome.Charged);
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
            await MakeDurableAsync(outcome.Charged);
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
        if (_dirty)
        {
            await PersistAsync();
        }

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

    /// <summary>Applies the durability policy to a charge just committed in memory, before it is acknowledged.</summary>
    private async Task MakeDurableAsync(UInt128 charge)
    {
        _dirty = true;
        _unwritten += charge;
        if (_options.Durability == DurabilityMode.Strict || _unwritten > _options.WriteBehindMaxAmount)
        {
            await PersistAsync();
            return;
        }

        _writeBehind ??= this.RegisterGrainTimer(
            WriteBehindAsync,
            new GrainTimerCreationOptions(_options.WriteBehindDelay, Timeout.InfiniteTimeSpan) { Interleave = false });
    }

    private async Task WriteBehindAsync(CancellationToken cancellationToken)
    {
        _writeBehind?.Dispose();
        _writeBehind = null;
        if (_dirty)
        {
            await PersistAsync();
        }
    }

    /// <summary>
    /// Writes the journal rows of the charges committed since the last write (one multi-row insert), then the ledger state.
    /// </summary>
    /// <remarks>
    /// Journal first, on purpose: the two writes cannot share a transaction (grain state goes through the Orleans storage
    /// provider), so a crash between them leaves one side ahead. With the journal first, that side is the journal: every
    /// charge the state holds, and so every charge ever acknowledged, has its row; the crash can only leave rows for
    /// charges that were never acknowledged. Reconciliation compares both and reports such a channel as a journal mismatch
    /// (it never trims or fills rows to make them agree); a retried write re-inserts nothing (rows are keyed by request id).
    /// </remarks>
    private async Task PersistAsync()
    {
        _usage.Prune(time.GetUtcNow().AddDays(-_options.UsageRetentionDays));
        persistent.State.RecentUsage = [.. _usage.Buckets];
        try
        {
            if (_unjournaled is { Count: > 0 } rows)
            {
                // Grain turns do not interleave here, so the list cannot change while it is written; it is dropped
                // afterwards rather than kept empty, as most channels sit idle between charges.
                await journal.AppendAsync(rows);
                _unjournaled = null;
            }

            await persistent.WriteStateAsync();
            persistent.State.RecentUsage = [];
            _dirty = false;
            _unwritten = UInt128.Zero;
        }
        catch
        {
            // The in-memory ledger now holds a charge that is not durable. Drop this activation so the next call reloads
            // what storage holds, and let the caller see the failure: an undurable charge must never be acknowledged.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Queues the journal row of a charge just committed in memory; <see cref="PersistAsync"/> writes it.</summary>
    private void Journal(string requestId, ChargeKind kind, UInt128 amount, string? model = null, ulong inputTokens = 0, ulong outputTokens = 0) =>
        (_unjournaled ??= []).Add(new ChargeRecord(
            _ledger.State.ChannelId, requestId, kind, amount, _ledger.State.ChargedCumulative, time.GetUtcNow(), model, inputTokens, outputTokens));

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading channel {ChannelId} from the chain failed")]
    private static partial void LogChainReadFailed(ILogger logger, Exception exception, string channelId);
}
