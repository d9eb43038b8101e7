using Billing.Core.Journal;
using Billing.Core.Metering;
using Billing.Core.Pricing;

namespace Billing.Core.Channels;

/// <summary>
/// The rules of one payment channel's off-chain ledger: reserve against a signed cumulative voucher, then commit the actual
/// charge or void it. Runs single-threaded inside the channel's grain; pure, no I/O, so every rule is testable on its own.
/// </summary>
/// <remarks>
/// Invariants kept by every operation: ChargedCumulative ≤ highest signed voucher ≤ confirmed balance (at the time the voucher
/// was accepted); ChargedCumulative + open ceilings ≤ every open reservation's voucher; a request id moves money at most once.
/// </remarks>
public sealed class ChannelLedger(ChannelLedgerState state, ChannelLedgerOptions options)
{
    /// <summary>Lapsed reservations kept for late commits; a commit later than the last few has lost its place anyway.</summary>
    private const int MaxLapsedReservations = 8;

    private UInt128 _catchUpAllowance;

    // The highest voucher changes far less often than charges are logged: its hex form is made once per voucher.
    private (SignedVoucher? Voucher, string? Hex) _voucherHex;

    public ChannelLedgerState State { get; } = state;

    /// <summary>
    /// Allows the next voucher to restore up to <paramref name="bound"/> of charges this ledger may have lost: called after
    /// reloading state that write-behind durability could have left behind by at most that much. A payer's voucher above
    /// charged + ceiling is then read as the payer's own record of what it was charged. Without an allowance such a voucher is
    /// a mismatch (a client that signs on a stale basis must not be billed for a difference we never lost).
    /// </summary>
    public void AllowCatchUp(UInt128 bound) => _catchUpAllowance = bound;

    public LedgerOutcome Authorize(in VoucherAuthorization request, DateTimeOffset now)
    {
        if (State.Requests.TryGetValue(request.RequestId, out var seen)
            && !(seen.Stage == RequestStage.Voided && SameContent(seen, request.SignedMaxClaimable, request.Ceiling)))
        {
            return Replay(seen, request.SignedMaxClaimable, request.Ceiling);
        }

        ExpireReservations(now);
        var rejection = Check(request, now, UInt128.Zero, preview: false);
        if (rejection != LedgerRejection.None)
        {
            // Rejections are not remembered: the same id may come back with a corrected voucher.
            State.Counters.Rejected++;
            return LedgerOutcome.Refused(rejection);
        }

        _catchUpAllowance = UInt128.Zero;
        State.Reservations.Add(new Reservation
        {
            RequestId = request.RequestId,
            Ceiling = request.Ceiling,
            SignedMaxClaimable = request.SignedMaxClaimable,
            Signature = request.Signature,
            ExpiresAt = now + options.ReservationTimeout,
        });
        if (seen is not null)
        {
            // A voided request charged nothing and its answer was never released, so its payment was not redeemed: the same
            // payment may run again (a client retrying after our failure), and it is still one execution paid once.
            seen.Stage = RequestStage.Authorized;
        }
        else
        {
            Remember(new RequestRecord
            {
                RequestId = request.RequestId,
                SignedMaxClaimable = request.SignedMaxClaimable,
                Ceiling = request.Ceiling,
                Stage = RequestStage.Authorized,
            });
        }

        State.Counters.Authorized++;
        return LedgerOutcome.Ok();
    }

    /// <summary>
    /// Whether <see cref="Authorize"/> would accept this voucher once a deposit of <paramref name="pendingDeposit"/> has
    /// landed: the same checks against the confirmed balance plus that deposit, reserving nothing and moving no money. A
    /// deposit travels with its voucher, and a voucher refused for a reason known off chain must not cost a transaction.
    /// A payment seen before gets the answer <see cref="Authorize"/> gives it: its deposit belonged to the first
    /// presentation, and a second one must not be sent for it.
    /// </summary>
    public LedgerOutcome Preview(in VoucherAuthorization request, UInt128 pendingDeposit, DateTimeOffset now)
    {
        if (State.Requests.TryGetValue(request.RequestId, out var seen)
            && !(seen.Stage == RequestStage.Voided && SameContent(seen, request.SignedMaxClaimable, request.Ceiling)))
        {
            return Replay(seen, request.SignedMaxClaimable, request.Ceiling);
        }

        // Reservations past their time expire here as they would in the authorization that follows the deposit.
        ExpireReservations(now);
        var rejection = Check(request, now, pendingDeposit, preview: true);
        return rejection == LedgerRejection.None ? LedgerOutcome.Ok() : LedgerOutcome.Refused(rejection);
    }

    public LedgerOutcome Commit(string requestId, UInt128 charge)
    {
        if (!State.Requests.TryGetValue(requestId, out var record))
        {
            return LedgerOutcome.Refused(LedgerRejection.ReservationNotFound);
        }

        if (record.Stage == RequestStage.Committed)
        {
            return record.Charged == charge
                ? new LedgerOutcome(LedgerRejection.None, record.Charged, Replayed: true)
                : LedgerOutcome.Refused(LedgerRejection.RequestIdConflict);
        }

        if (record.Stage == RequestStage.Expired)
        {
            return CommitLate(record, charge);
        }

        var index = FindReservation(requestId);
        if (record.Stage != RequestStage.Authorized || index < 0)
        {
            return LedgerOutcome.Refused(LedgerRejection.ReservationNotFound);
        }

        var reservation = State.Reservations[index];
        if (charge > reservation.Ceiling)
        {
            return LedgerOutcome.Refused(LedgerRejection.ChargeExceedsCeiling);
        }

        State.Reservations.RemoveAt(index);
        return Book(record, reservation, charge);
    }

    /// <summary>
    /// Extends an open reservation's lease: the request behind it is still running. A reservation that lapsed meanwhile
    /// (a renewal that came too late) is reopened when nothing has taken its place, as its voucher still covers it.
    /// </summary>
    public LedgerOutcome Renew(string requestId, DateTimeOffset now)
    {
        var index = FindReservation(requestId);
        if (index >= 0)
        {
            State.Reservations[index].ExpiresAt = now + options.ReservationTimeout;
            return LedgerOutcome.Ok();
        }

        ExpireReservations(now);
        var lapsed = FindLapsed(requestId);
        if (lapsed < 0
            || !State.Requests.TryGetValue(requestId, out var record)
            || record.Stage != RequestStage.Expired
            || State.Reservations.Count >= options.MaxOpenReservations
            || !StillCovered(State.LapsedReservations[lapsed], State.LapsedReservations[lapsed].Ceiling))
        {
            return LedgerOutcome.Refused(LedgerRejection.ReservationNotFound);
        }

        var reservation = State.LapsedReservations[lapsed];
        State.LapsedReservations.RemoveAt(lapsed);
        reservation.ExpiresAt = now + options.ReservationTimeout;
        State.Reservations.Add(reservation);
        record.Stage = RequestStage.Authorized;
        return LedgerOutcome.Ok();
    }

    /// <summary>
    /// Commits a metered charge given exactly, in sub-units: rounded down to atomic units through
    /// <see cref="ChargeRounding"/> with the channel's carried remainder, so sub-atomic prices bill exactly over time.
    /// </summary>
    public LedgerOutcome CommitMetered(string requestId, SubUnits exactCharge)
    {
        if (State.Requests.TryGetValue(requestId, out var record) && record.Stage == RequestStage.Committed)
        {
            return record.ExactSubUnits == exactCharge.Value
                ? new LedgerOutcome(LedgerRejection.None, record.Charged, Replayed: true)
                : LedgerOutcome.Refused(LedgerRejection.RequestIdConflict);
        }

        // Checked exactly, not after rounding: an overrun must not slip into the carry and onto later requests.
        if (OpenOrLapsed(requestId) is { } reservation && exactCharge > SubUnits.FromAtomic(reservation.Ceiling))
        {
            return LedgerOutcome.Refused(LedgerRejection.ChargeExceedsCeiling);
        }

        var rounded = ChargeRounding.Commit(new SubUnits(State.CarriedSubUnits), exactCharge);
        var outcome = Commit(requestId, rounded.AtomicCharged);
        if (outcome.Succeeded)
        {
            State.CarriedSubUnits = rounded.NewRemainder.Value;
            State.Requests[requestId].ExactSubUnits = exactCharge.Value;
        }

        return outcome;
    }

    /// <summary>Releases a reservation without charging (the handler failed or the client went away before any output).</summary>
    public LedgerOutcome Void(string requestId)
    {
        if (!State.Requests.TryGetValue(requestId, out var record))
        {
            return LedgerOutcome.Refused(LedgerRejection.ReservationNotFound);
        }

        switch (record.Stage)
        {
            case RequestStage.Voided:
                return new LedgerOutcome(LedgerRejection.None, Replayed: true);
            case RequestStage.Committed:
                return LedgerOutcome.Refused(LedgerRejection.RequestIdConflict);
        }

        var index = FindReservation(requestId);
        if (index >= 0)
        {
            State.Reservations.RemoveAt(index);
        }

        var lapsed = FindLapsed(requestId);
        if (lapsed >= 0)
        {
            State.LapsedReservations.RemoveAt(lapsed);
        }

        record.Stage = RequestStage.Voided;
        State.Counters.Voided++;
        return LedgerOutcome.Ok();
    }

    /// <summary>
    /// The charge log's record of a charge this ledger just committed (or, for <see cref="ChargeKind.CatchUp"/>, just
    /// restored): the next <see cref="ChannelLedgerState.LogSequence"/>, and what <see cref="Restore"/> needs to rebuild
    /// this state from the record after a crash.
    /// </summary>
    public ChargeRecord LogCharge(
        string requestId, ChargeKind kind, UInt128 amount, DateTimeOffset at, string? model = null, ulong inputTokens = 0, ulong outputTokens = 0)
    {
        State.LogSequence++;
        var request = kind == ChargeKind.CatchUp ? null : State.Requests.GetValueOrDefault(requestId);
        return new ChargeRecord(State.ChannelId, requestId, kind, amount, State.ChargedCumulative, at, model, inputTokens, outputTokens)
        {
            Sequence = State.LogSequence,
            VoucherAmount = State.HighestVoucher?.MaxClaimableAmount ?? UInt128.Zero,
            VoucherSignature = HighestVoucherHex(),
            SignedMaxClaimable = request?.SignedMaxClaimable ?? UInt128.Zero,
            Ceiling = request?.Ceiling ?? UInt128.Zero,
            ExactSubUnits = request?.ExactSubUnits ?? UInt128.Zero,
            CarriedSubUnits = State.CarriedSubUnits,
        };
    }

    /// <summary>
    /// Replays one charge record written after the snapshot this state was loaded from, as <see cref="LogCharge"/> wrote
    /// it: the charged total, the highest voucher, the carry, and the request as committed (so its replay is recognised and
    /// refused or answered as before the crash). Records at or before <see cref="ChannelLedgerState.LogSequence"/> change
    /// nothing. Returns whether the record added a charge the state did not reflect.
    /// </summary>
    public bool Restore(ChargeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Sequence <= State.LogSequence)
        {
            return false;
        }

        State.LogSequence = record.Sequence;

        // A snapshot written before records carried sequences reflects every row up to its charged total: rows behind it
        // (and a non-zero charge that ends exactly on it) are already counted.
        if (record.CumulativeCharged < State.ChargedCumulative
            || (record.CumulativeCharged == State.ChargedCumulative && record.Amount > UInt128.Zero))
        {
            return false;
        }

        State.ChargedCumulative = record.CumulativeCharged;
        State.CarriedSubUnits = record.CarriedSubUnits;
        if (record.VoucherSignature is { } signature
            && (State.HighestVoucher is null || record.VoucherAmount > State.HighestVoucher.MaxClaimableAmount))
        {
            State.HighestVoucher = new SignedVoucher(record.VoucherAmount, Convert.FromHexString(signature));
        }

        if (record.Kind == ChargeKind.CatchUp)
        {
            State.Counters.CaughtUp += record.Amount;
            return true;
        }

        RemoveReservation(record.RequestId);
        if (State.Requests.TryGetValue(record.RequestId, out var request))
        {
            request.Stage = RequestStage.Committed;
        }
        else
        {
            request = new RequestRecord
            {
                RequestId = record.RequestId,
                SignedMaxClaimable = record.SignedMaxClaimable,
                Ceiling = record.Ceiling,
                Stage = RequestStage.Committed,
            };
            Remember(request);
        }

        request.Charged = record.Amount;
        request.ExactSubUnits = record.ExactSubUnits;
        State.Counters.Committed++;
        return true;
    }

    /// <summary>
    /// Releases reservations whose lease was not renewed in time (their caller died or hung): they stop holding the channel.
    /// The last few are kept as lapsed so that a commit still on its way can charge within their vouchers. Returns how many
    /// expired.
    /// </summary>
    public int ExpireReservations(DateTimeOffset now)
    {
        var expired = 0;
        for (var i = 0; i < State.Reservations.Count;)
        {
            var reservation = State.Reservations[i];
            if (reservation.ExpiresAt > now)
            {
                i++;
                continue;
            }

            State.Reservations.RemoveAt(i);
            if (State.Requests.TryGetValue(reservation.RequestId, out var record))
            {
                record.Stage = RequestStage.Expired;
            }

            Lapse(reservation);
            State.Counters.Expired++;
            expired++;
        }

        return expired;
    }

    /// <summary>
    /// The chain's clock now, in seconds: the newest block time seen plus the time since, and never behind our own clock,
    /// so a withdrawal deadline is judged by whichever clock says it comes sooner.
    /// </summary>
    public ulong ChainNow(DateTimeOffset now)
    {
        var chain = State.Chain;
        var wall = (ulong)Math.Max(0, now.ToUnixTimeSeconds());
        if (chain.ChainTime == 0)
        {
            return wall;
        }

        var elapsed = now > chain.ChainTimeObservedAt ? (ulong)(now - chain.ChainTimeObservedAt).TotalSeconds : 0;
        return Math.Max(wall, chain.ChainTime + elapsed);
    }

    /// <summary>
    /// The most a voucher may sign now: the confirmed balance, except once a pending withdrawal is within
    /// <see cref="ChannelLedgerOptions.WithdrawalClaimMargin"/> of finalizing. Then only what the withdrawal leaves behind
    /// counts: finalizing pays the payer min(pending, balance − claimed), and a charge above the rest could not be claimed.
    /// </summary>
    /// <param name="pendingDeposit">Escrow on its way, counted as if it had landed (a preview before sending a deposit).</param>
    public UInt128 SpendableCeiling(DateTimeOffset now, UInt128 pendingDeposit = default)
    {
        var chain = State.Chain;
        // Saturates: a deposit that would overflow the balance is refused by the contract, not here.
        var balance = UInt128.MaxValue - chain.Balance < pendingDeposit ? UInt128.MaxValue : chain.Balance + pendingDeposit;
        if (chain.WithdrawRequestedAt == 0 || chain.PendingWithdrawal == UInt128.Zero)
        {
            return balance;
        }

        // Without terms the delay is unknown: treat the withdrawal as about to finalize.
        var finalizesAt = chain.WithdrawRequestedAt + (State.Terms?.WithdrawDelay ?? 0);
        var margin = (ulong)Math.Max(0, options.WithdrawalClaimMargin.TotalSeconds);
        if (ChainNow(now) + margin < finalizesAt)
        {
            return balance;
        }

        var unclaimed = balance > chain.TotalClaimed ? balance - chain.TotalClaimed : UInt128.Zero;
        return balance - UInt128.Min(chain.PendingWithdrawal, unclaimed);
    }

    /// <summary>
    /// Adopts a confirmed snapshot of the channel read from the chain. Claims on chain are cumulative totals of our own charges,
    /// so a claimed total above what we remember means we lost a tail we had acknowledged: it was charged.
    /// </summary>
    public void SyncFromChain(OnChainChannelSnapshot snapshot, DateTimeOffset now)
    {
        // Never let an older read overwrite newer knowledge, whether it came from a read or from events.
        if (snapshot.Block < State.Chain.SyncedAtBlock || snapshot.Block < State.Chain.LastEvent.Block)
        {
            return;
        }

        var chain = State.Chain;
        chain.Balance = snapshot.Balance;
        chain.TotalClaimed = snapshot.TotalClaimed;
        chain.PendingWithdrawal = snapshot.PendingWithdrawal;
        chain.WithdrawRequestedAt = snapshot.WithdrawRequestedAt;
        chain.RefundNonce = snapshot.RefundNonce;
        chain.SyncedAtBlock = snapshot.Block;
        chain.SyncedAt = now;
        ObserveChainTime(snapshot.ChainTime, now);

        // The snapshot reflects every event up to its block: later deliveries of those events must change nothing.
        var reflected = new ChainEventPosition(snapshot.Block, ulong.MaxValue);
        if (reflected > chain.LastEvent)
        {
            chain.LastEvent = reflected;
        }
        if (snapshot.TotalClaimed > State.ChargedCumulative)
        {
            State.Counters.CaughtUp += snapshot.TotalClaimed - State.ChargedCumulative;
            State.ChargedCumulative = snapshot.TotalClaimed;
        }

        if (State.ChargedCumulative == snapshot.TotalClaimed)
        {
            State.AwaitingSettlement = false;
        }
    }

    /// <summary>
    /// Applies a contract event to the mirrored on-chain state. Events come in chain order; one at or before the last
    /// applied position (a replay, or one already reflected by a snapshot) changes nothing. Returns whether it applied.
    /// </summary>
    public bool Apply(in ChannelChainEvent chainEvent, DateTimeOffset now)
    {
        var chain = State.Chain;
        if (chainEvent.Position <= chain.LastEvent)
        {
            return false;
        }

        switch (chainEvent.Kind)
        {
            case ChannelChainEventKind.Deposited:
                chain.Balance = chainEvent.Amount;
                break;
            case ChannelChainEventKind.Claimed:
                chain.TotalClaimed = chainEvent.Amount;
                if (chainEvent.Amount > State.ChargedCumulative)
                {
                    // Claims are cumulative totals of our own charges: a higher one is a tail we acknowledged and lost.
                    State.Counters.CaughtUp += chainEvent.Amount - State.ChargedCumulative;
                    State.ChargedCumulative = chainEvent.Amount;
                }

                break;
            case ChannelChainEventKind.Refunded:
                chain.Balance = chain.Balance > chainEvent.Amount ? chain.Balance - chainEvent.Amount : UInt128.Zero;
                chain.RefundNonce++;
                if (chain.PendingWithdrawal > chainEvent.Amount)
                {
                    chain.PendingWithdrawal -= chainEvent.Amount;
                }
                else
                {
                    chain.PendingWithdrawal = UInt128.Zero;
                    chain.WithdrawRequestedAt = 0;
                }

                break;
            case ChannelChainEventKind.WithdrawInitiated:
                chain.PendingWithdrawal = chainEvent.Amount;
                var delay = State.Terms?.WithdrawDelay ?? 0;
                chain.WithdrawRequestedAt = chainEvent.Time > delay ? chainEvent.Time - delay : chainEvent.Time;
                ObserveChainTime(chain.WithdrawRequestedAt, now);
                break;
            case ChannelChainEventKind.WithdrawFinalized:
                chain.Balance = chain.Balance > chainEvent.Amount ? chain.Balance - chainEvent.Amount : UInt128.Zero;
                chain.PendingWithdrawal = UInt128.Zero;
                chain.WithdrawRequestedAt = 0;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(chainEvent), chainEvent.Kind, "Unknown channel event.");
        }

        chain.LastEvent = chainEvent.Position;
        chain.SyncedAt = now;
        if (State.ChargedCumulative == chain.TotalClaimed)
        {
            State.AwaitingSettlement = false;
        }

        return true;
    }

    /// <param name="pendingDeposit">Escrow on its way (a preview before sending a deposit); zero when authorizing.</param>
    /// <param name="preview">Decide only: a catch-up the voucher implies is adopted by the real authorization.</param>
    private LedgerRejection Check(in VoucherAuthorization request, DateTimeOffset now, UInt128 pendingDeposit, bool preview)
    {
        var chain = State.Chain;
        var balance = UInt128.MaxValue - chain.Balance < pendingDeposit ? UInt128.MaxValue : chain.Balance + pendingDeposit;
        if (balance == UInt128.Zero)
        {
            return LedgerRejection.ChannelNotFound;
        }

        if (State.Reservations.Count >= options.MaxOpenReservations)
        {
            return LedgerRejection.ChannelBusy;
        }

        var signed = request.SignedMaxClaimable;
        if (signed <= chain.TotalClaimed)
        {
            return LedgerRejection.CumulativeBelowClaimed;
        }

        if (signed > balance)
        {
            return LedgerRejection.CumulativeExceedsBalance;
        }

        if (signed > SpendableCeiling(now, pendingDeposit))
        {
            return LedgerRejection.WithdrawalPending;
        }

        // Checked arithmetic: ceilings come from prices, and an overflow here must refuse, not wrap.
        if (signed < request.Ceiling)
        {
            return LedgerRejection.CumulativeAmountMismatch;
        }

        var expected = State.ChargedCumulative + State.OpenCeilings() + request.Ceiling;
        if (signed == expected)
        {
            return LedgerRejection.None;
        }

        if (signed > expected && signed - expected <= _catchUpAllowance && State.Reservations.Count == 0)
        {
            if (preview)
            {
                return LedgerRejection.None;
            }

            // The payer signs its own view of charged + price; a higher view, within what we could have lost, is a tail it
            // saw acknowledged and we did not persist.
            var payerCharged = signed - request.Ceiling;
            State.Counters.CaughtUp += payerCharged - State.ChargedCumulative;
            State.ChargedCumulative = payerCharged;
            _catchUpAllowance = UInt128.Zero;
            return LedgerRejection.None;
        }

        return LedgerRejection.CumulativeAmountMismatch;
    }

    /// <summary>
    /// The answer to a payment seen before. It never authorizes again: one payment buys one execution, so the caller learns
    /// whether the first is still running or already paid for, and answers from what it stored or refuses.
    /// </summary>
    private static LedgerOutcome Replay(RequestRecord seen, UInt128 signedMaxClaimable, UInt128 ceiling)
    {
        if (!SameContent(seen, signedMaxClaimable, ceiling))
        {
            return LedgerOutcome.Refused(LedgerRejection.RequestIdConflict);
        }

        return seen.Stage switch
        {
            RequestStage.Authorized => new LedgerOutcome(LedgerRejection.RequestInProgress, Replayed: true),
            RequestStage.Committed => new LedgerOutcome(LedgerRejection.RequestAlreadyRedeemed, seen.Charged, Replayed: true),
            _ => new LedgerOutcome(seen.Rejection == LedgerRejection.None ? LedgerRejection.ReservationNotFound : seen.Rejection, Replayed: true),
        };
    }

    private static bool SameContent(RequestRecord seen, UInt128 signedMaxClaimable, UInt128 ceiling) =>
        seen.SignedMaxClaimable == signedMaxClaimable && seen.Ceiling == ceiling;

    private void Remember(RequestRecord record)
    {
        State.Requests[record.RequestId] = record;
        State.RequestOrder.Enqueue(record.RequestId);
        while (State.RequestOrder.Count > options.RememberedRequests)
        {
            var oldest = State.RequestOrder.Peek();
            if (State.Requests.TryGetValue(oldest, out var old) && old.Stage == RequestStage.Authorized)
            {
                // Never forget a request whose reservation is still open.
                break;
            }

            State.RequestOrder.Dequeue();
            State.Requests.Remove(oldest);
        }
    }

    /// <summary>
    /// A commit for a reservation that lapsed before its request finished: the payer's voucher covered this charge, so it is
    /// still charged as long as nothing that happened since (other charges, open reservations, escrow that left) makes that
    /// voucher fall short. Otherwise the output was delivered unpaid, and the refusal says so.
    /// </summary>
    private LedgerOutcome CommitLate(RequestRecord record, UInt128 charge)
    {
        var index = FindLapsed(record.RequestId);
        if (index < 0)
        {
            return LedgerOutcome.Refused(LedgerRejection.ReservationNotFound);
        }

        var reservation = State.LapsedReservations[index];
        if (charge > reservation.Ceiling)
        {
            return LedgerOutcome.Refused(LedgerRejection.ChargeExceedsCeiling);
        }

        if (!StillCovered(reservation, charge))
        {
            return LedgerOutcome.Refused(LedgerRejection.ReservationNotFound);
        }

        State.LapsedReservations.RemoveAt(index);
        State.Counters.LateCommitted++;
        return Book(record, reservation, charge);
    }

    /// <summary>
    /// Whether <paramref name="amount"/> can be added for a lapsed reservation on top of what is charged and reserved now,
    /// within its own voucher, within every open reservation's voucher (they must stay covered) and within the escrow.
    /// </summary>
    private bool StillCovered(Reservation lapsed, UInt128 amount)
    {
        var charged = State.ChargedCumulative;
        var total = charged + State.OpenCeilings() + amount;
        if (total > lapsed.SignedMaxClaimable || charged + amount > State.Chain.Balance)
        {
            return false;
        }

        foreach (var open in State.Reservations)
        {
            if (total > open.SignedMaxClaimable)
            {
                return false;
            }
        }

        return true;
    }

    private LedgerOutcome Book(RequestRecord record, Reservation reservation, UInt128 charge)
    {
        State.ChargedCumulative += charge;
        if (State.HighestVoucher is null || reservation.SignedMaxClaimable > State.HighestVoucher.MaxClaimableAmount)
        {
            State.HighestVoucher = new SignedVoucher(reservation.SignedMaxClaimable, reservation.Signature);
        }

        record.Stage = RequestStage.Committed;
        record.Charged = charge;
        record.ExactSubUnits = checked(charge * SubUnits.PerAtomicUnit);
        State.Counters.Committed++;
        return LedgerOutcome.Ok(charge);
    }

    private void Lapse(Reservation reservation)
    {
        var lapsed = State.LapsedReservations;
        lapsed.Add(reservation);
        if (lapsed.Count > MaxLapsedReservations)
        {
            if (State.Requests.TryGetValue(lapsed[0].RequestId, out var oldest) && oldest.Stage == RequestStage.Expired)
            {
                oldest.Stage = RequestStage.Voided;
            }

            lapsed.RemoveAt(0);
        }
    }

    private void ObserveChainTime(ulong chainSeconds, DateTimeOffset now)
    {
        if (chainSeconds > ChainNow(now) || (chainSeconds > 0 && State.Chain.ChainTime == 0))
        {
            State.Chain.ChainTime = chainSeconds;
            State.Chain.ChainTimeObservedAt = now;
        }
    }

    private Reservation? OpenOrLapsed(string requestId)
    {
        var open = FindReservation(requestId);
        if (open >= 0)
        {
            return State.Reservations[open];
        }

        var lapsed = FindLapsed(requestId);
        return lapsed >= 0 ? State.LapsedReservations[lapsed] : null;
    }

    private string? HighestVoucherHex()
    {
        var voucher = State.HighestVoucher;
        if (!ReferenceEquals(voucher, _voucherHex.Voucher))
        {
            _voucherHex = (voucher, voucher is null ? null : Convert.ToHexStringLower(voucher.Signature));
        }

        return _voucherHex.Hex;
    }

    private void RemoveReservation(string requestId)
    {
        var open = FindReservation(requestId);
        if (open >= 0)
        {
            State.Reservations.RemoveAt(open);
        }

        var lapsed = FindLapsed(requestId);
        if (lapsed >= 0)
        {
            State.LapsedReservations.RemoveAt(lapsed);
        }
    }

    private int FindLapsed(string requestId)
    {
        var lapsed = State.LapsedReservations;
        for (var i = 0; i < lapsed.Count; i++)
        {
            if (string.Equals(lapsed[i].RequestId, requestId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private int FindReservation(string requestId)
    {
        var reservations = State.Reservations;
        for (var i = 0; i < reservations.Count; i++)
        {
            if (string.Equals(reservations[i].RequestId, requestId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
