using Billing.Core.Channels;

namespace Billing.Core.Tests.Channels;

/// <summary>A funded channel and a clock, so each test states only what it is about.</summary>
internal sealed class LedgerFixture
{
    public static readonly byte[] AnySignature = new byte[65];

    public LedgerFixture(UInt128 balance, ChannelLedgerOptions? options = null)
    {
        State = new ChannelLedgerState { ChannelId = "0x" + new string('a', 64) };
        Ledger = new ChannelLedger(State, options ?? new ChannelLedgerOptions());
        Ledger.SyncFromChain(new OnChainChannelSnapshot(balance, 0, 0, 0, 0, Block: 1), Now);
    }

    public DateTimeOffset Now { get; set; } = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public ChannelLedgerState State { get; }

    public ChannelLedger Ledger { get; }

    public LedgerOutcome Authorize(string requestId, UInt128 signed, UInt128 ceiling) =>
        Ledger.Authorize(new VoucherAuthorization(requestId, signed, AnySignature, ceiling), Now);

    /// <summary>Authorizes the next voucher the way an honest payer signs it, then commits <paramref name="charge"/>.</summary>
    public LedgerOutcome Pay(string requestId, UInt128 ceiling, UInt128 charge)
    {
        var authorized = Authorize(requestId, State.ChargedCumulative + ceiling, ceiling);
        return authorized.Succeeded ? Ledger.Commit(requestId, charge) : authorized;
    }
}
