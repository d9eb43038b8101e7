using Billing.Core.Journal;

namespace Billing.Server.Reconciliation;

/// <summary>One channel's journal rows added up in position order, noting the first row whose position does not follow.</summary>
internal sealed class JournalTally
{
    public UInt128 Sum { get; private set; }

    public int Rows { get; private set; }

    /// <summary>The first row whose stated position is not the running sum of the rows before it plus its own amount.</summary>
    public ChargeRecord? FirstBrokenRow { get; private set; }

    public static async Task<JournalTally> OfAsync(IAsyncEnumerable<ChargeRecord> rows, CancellationToken cancellationToken)
    {
        var tally = new JournalTally();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            tally.Add(row);
        }

        return tally;
    }

    public void Add(ChargeRecord row)
    {
        Sum = checked(Sum + row.Amount);
        Rows++;
        if (FirstBrokenRow is null && row.CumulativeCharged != Sum)
        {
            FirstBrokenRow = row;
        }
    }
}
