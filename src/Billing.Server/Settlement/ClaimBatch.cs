using System.Globalization;
using System.Text;
using Billing.Abstractions.Settlement;
using Billing.Evm;

namespace Billing.Server.Settlement;

/// <summary>
/// Rows claimed in one transaction, all for one (receiver, token). Its id is the keccak of its content (each row's channel
/// id and cumulative total), so the same claim is recognised however often it is planned.
/// </summary>
public sealed class ClaimBatch
{
    public ClaimBatch(IReadOnlyList<ClaimRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        Rows = rows;
        Id = IdOf(rows.Select(r => new ClaimBatchRow(r.ChannelId, r.Candidate.ChargedCumulative)));
    }

    public string Id { get; }

    public IReadOnlyList<ClaimRow> Rows { get; }

    public Address Receiver => Rows[0].Receiver;

    public Address Token => Rows[0].Token;

    public bool Urgent => Rows.Any(r => r.Urgent);

    /// <summary>What the batch collects: the sum of the rows' unclaimed charges.</summary>
    public UInt128 Value => Rows.Aggregate(UInt128.Zero, (sum, r) => checked(sum + r.Candidate.Unclaimed));

    public IReadOnlyList<ClaimBatchRow> RecordRows => [.. Rows.Select(r => new ClaimBatchRow(r.ChannelId, r.Candidate.ChargedCumulative))];

    public static string IdOf(IEnumerable<ClaimBatchRow> rows)
    {
        var content = new StringBuilder();
        foreach (var row in rows)
        {
            content.Append(row.ChannelId).Append(':').Append(row.TotalClaimed.ToString(CultureInfo.InvariantCulture)).Append(';');
        }

        return Keccak256.Hash(Encoding.UTF8.GetBytes(content.ToString())).ToString();
    }
}
