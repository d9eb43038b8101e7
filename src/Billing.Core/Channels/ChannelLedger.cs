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
    private UInt128 _catchUpAllowance;

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
        var rejection = Check(request);
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
        var index = FindReservation(requestId);
        if (index >= 0 && exactCharge > SubUnits.FromAtomic(State.Reservations[index].Ceiling))
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

        record.Stage = RequestStage.Voided;
        State.Counters.Voided++;
        return LedgerOutcome.Ok();
    }

    /// <summary>Voids reservations whose handler never reported back. Returns how many expired.</summary>
    public int ExpireReservations(DateTimeOffset now)
    {
        var expired = 0;
        for (var i = State.Reservations.Count - 1; i >= 0; i--)
        {
            var reservation = State.Reservations[i];
            if (reservation.ExpiresAt > now)
            {
                continue;
            }

            State.Reservations.RemoveAt(i);
            if (State.Requests.TryGetValue(reservation.RequestId, out var record))
            {
                record.Stage = RequestStage.Voided;
            }

            State.Counters.Expired++;
            expired++;
        }

        return expired;
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

    private LedgerRejection Check(in VoucherAuthorization request)
    {
        var chain = State.Chain;
        if (chain.Balance == UInt128.Zero)
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

        if (signed > chain.Balance)
        {
            return LedgerRejection.CumulativeExceedsBalance;
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
