namespace Billing.Core.Journal;

/// <summary>
/// The spelling of <see cref="ChargeKind"/> in the journal table (the values its CHECK constraint allows) and in ledger exports.
/// </summary>
public static class ChargeKinds
{
    public static string ToText(ChargeKind kind) => kind switch
    {
        ChargeKind.Call => "call",
        ChargeKind.Metered => "metered",
        ChargeKind.CatchUp => "catch_up",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown charge kind."),
    };

    public static ChargeKind FromText(string text) => text switch
    {
        "call" => ChargeKind.Call,
        "metered" => ChargeKind.Metered,
        "catch_up" => ChargeKind.CatchUp,
        _ => throw new InvalidDataException($"The charge journal holds an unknown charge kind '{text}'."),
    };
}
