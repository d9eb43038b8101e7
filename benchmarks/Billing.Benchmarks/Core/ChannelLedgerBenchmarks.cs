using BenchmarkDotNet.Attributes;
using Billing.Core.Channels;

namespace Billing.Benchmarks.Core;

/// <summary>
/// One paid request through the channel ledger without Orleans: Authorize a voucher signed for exactly charged + price,
/// then Commit the price. Request ids come from a ring far larger than the idempotency window, so every id is new to the
/// ledger and the window is kept at its bound by the ledger's own eviction, as in a long-lived channel grain.
/// </summary>
[MemoryDiagnoser]
public class ChannelLedgerBenchmarks
{
    private const int RequestIdRing = 16_384;
    private static readonly UInt128 Price = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly byte[] _signature = new byte[65];
    private string[] _requestIds = [];
    private ChannelLedger _ledger = null!;
    private int _next;

    /// <summary>The ledger's idempotency window (<see cref="ChannelLedgerOptions.RememberedRequests"/>; 512 by default).</summary>
    [Params(64, 512, 4096)]
    public int RememberedRequests { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _requestIds = new string[RequestIdRing];
        for (var i = 0; i < _requestIds.Length; i++)
        {
            _requestIds[i] = $"req-{i:D8}";
        }

        var state = new ChannelLedgerState { ChannelId = "0x" + new string('c', 64) };
        _ledger = new ChannelLedger(state, new ChannelLedgerOptions { RememberedRequests = RememberedRequests });

        // Escrow enough for every request the benchmark can make: the balance check must pass, never short-circuit.
        _ledger.SyncFromChain(new OnChainChannelSnapshot(UInt128.MaxValue / 2, 0, 0, 0, 0, Block: 1), Now);

        // Fill the idempotency window so the measurement starts in the steady state of a busy channel.
        for (var i = 0; i < RememberedRequests + 1; i++)
        {
            AuthorizeAndCommit();
        }
    }

    [Benchmark]
    public LedgerOutcome AuthorizeAndCommit()
    {
        var requestId = _requestIds[_next];
        _next = (_next + 1) % RequestIdRing;
        var signed = _ledger.State.ChargedCumulative + Price;
        var authorized = _ledger.Authorize(new VoucherAuthorization(requestId, signed, _signature, Price), Now);
        var committed = authorized.Succeeded ? _ledger.Commit(requestId, Price) : authorized;
        return committed.Succeeded
            ? committed
            : throw new InvalidOperationException($"The ledger refused a well-formed request: {committed.Rejection}.");
    }
}
