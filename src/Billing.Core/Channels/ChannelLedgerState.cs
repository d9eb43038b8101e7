using System.Text.Json;
using Billing.Core.Metering;

namespace Billing.Core.Channels;

/// <summary>
/// Everything the engine knows about one payment channel off chain. One writer (the channel's grain) mutates it through
/// <see cref="ChannelLedger"/>; this class is the persisted form.
/// </summary>
public sealed class ChannelLedgerState
{
    /// <summary>The channel's id: 0x-prefixed lower-case hex of the EIP-712 hash of its config.</summary>
    public string ChannelId { get; set; } = "";

    public ChannelTerms? Terms { get; set; }

    public OnChainChannel Chain { get; set; } = new();

    /// <summary>Sum of every committed charge. Never decreases; never exceeds the highest signed voucher.</summary>
    public UInt128 ChargedCumulative { get; set; }

    public SignedVoucher? HighestVoucher { get; set; }

    public List<Reservation> Reservations { get; set; } = [];

    /// <summary>
    /// Reservations that expired unrenewed, newest last, kept (a few) so that a commit arriving late can still charge
    /// within the voucher the payer signed instead of having delivered for free. They hold no funds and block nothing.
    /// </summary>
    public List<Reservation> LapsedReservations { get; set; } = [];

    public Dictionary<string, RequestRecord> Requests { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Arrival order of <see cref="Requests"/>, oldest first, to bound that map.</summary>
    public Queue<string> RequestOrder { get; set; } = new();

    /// <summary>Sub-unit remainder carried between commits so sub-atomic prices bill exactly over time.</summary>
    public UInt128 CarriedSubUnits { get; set; }

    public ChannelCounters Counters { get; set; } = new();

    /// <summary>
    /// <see cref="Journal.ChargeRecord.Sequence"/> of the last charge record this state reflects. A stored snapshot reflects
    /// the charge log up to here; recovery replays the channel's records after it.
    /// </summary>
    public long LogSequence { get; set; }

    /// <summary>Recent daily usage per model, kept with the channel for reports (older days are pruned).</summary>
    public List<UsageBucket> RecentUsage { get; set; } = [];

    /// <summary>True once the channel is listed with its payer, for per-agent reports.</summary>
    public bool IndexedByPayer { get; set; }

    /// <summary>True while the channel is registered with its settlement shard as owing a claim.</summary>
    public bool AwaitingSettlement { get; set; }

    /// <summary>
    /// A deep copy, as a snapshot to write while the original keeps changing. Copied through JSON, the form the state is
    /// stored in, so every member a store would keep is copied and a new member cannot be forgotten here.
    /// </summary>
    public ChannelLedgerState Copy() =>
        JsonSerializer.Deserialize<ChannelLedgerState>(JsonSerializer.SerializeToUtf8Bytes(this, CopyOptions), CopyOptions)!;

    private static readonly JsonSerializerOptions CopyOptions = new(JsonSerializerDefaults.General);

    /// <summary>Sum of the ceilings of every open reservation.</summary>
    public UInt128 OpenCeilings()
    {
        var sum = UInt128.Zero;
        foreach (var reservation in Reservations)
        {
            sum += reservation.Ceiling;
        }

        return sum;
    }
}
