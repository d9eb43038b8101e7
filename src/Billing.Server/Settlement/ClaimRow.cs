using Billing.Abstractions.Channels;
using Billing.Evm;
using Billing.Evm.BatchSettlement;

namespace Billing.Server.Settlement;

/// <summary>A channel chosen for a claim in this run: its candidate, why it is claimed, and the claim row it becomes.</summary>
public sealed record ClaimRow(ClaimCandidate Candidate, ClaimTrigger Trigger)
{
    public string ChannelId => Candidate.ChannelId;

    public bool Urgent => Trigger == ClaimTrigger.Withdrawal;

    public Address Receiver => Address.Parse(Candidate.Config.Receiver);

    public Address Token => Address.Parse(Candidate.Config.Token);

    public Address ReceiverAuthorizer => Address.Parse(Candidate.Config.ReceiverAuthorizer);

    /// <summary>Chain time (seconds) after which the payer may finalize the withdrawal; 0 when none is pending.</summary>
    public ulong WithdrawalFinalizesAt =>
        Candidate.WithdrawRequestedAt == 0 ? 0 : checked(Candidate.WithdrawRequestedAt + Candidate.Config.WithdrawDelay);

    /// <summary>Claim what was charged, under the ceiling the payer signed.</summary>
    public VoucherClaim ToVoucherClaim()
    {
        var c = Candidate.Config;
        var config = new ChannelConfig(
            Address.Parse(c.Payer),
            Address.Parse(c.PayerAuthorizer),
            Receiver,
            ReceiverAuthorizer,
            Token,
            c.WithdrawDelay,
            Hash32.Parse(c.Salt));
        return new VoucherClaim(config, Candidate.SignedMaxClaimable, Candidate.Signature, Candidate.ChargedCumulative);
    }
}
