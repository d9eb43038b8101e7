namespace Billing.LoadGenerator.Settlement;

/// <summary>One claim transaction's receipt, as gas per channel.</summary>
public sealed record ClaimGasReading(int Rows, ulong GasUsed, int CalldataBytes, bool Succeeded)
{
    public double GasPerChannel => (double)GasUsed / Rows;
}
