namespace Billing.Grains.Payers;

public sealed class PayerState
{
    public HashSet<string> Channels { get; set; } = new(StringComparer.Ordinal);
}
