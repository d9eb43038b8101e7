using Billing.X402.BatchSettlement;
using Billing.X402.Exact;

namespace Billing.Server.Payments;

/// <summary>Reads the scheme list of a configured route: "batch-settlement", "exact", or both separated by a comma.</summary>
public static class PaymentSchemeNames
{
    public static PaymentSchemes Parse(string? names)
    {
        if (string.IsNullOrWhiteSpace(names))
        {
            return PaymentSchemes.BatchSettlement;
        }

        var schemes = (PaymentSchemes)0;
        foreach (var name in names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            schemes |= name switch
            {
                BatchSettlementScheme.Name => PaymentSchemes.BatchSettlement,
                ExactScheme.Name => PaymentSchemes.Exact,
                _ => throw new FormatException($"Unknown payment scheme '{name}': use '{BatchSettlementScheme.Name}', '{ExactScheme.Name}' or both."),
            };
        }

        return schemes == 0 ? throw new FormatException("The scheme list names no scheme.") : schemes;
    }
}
