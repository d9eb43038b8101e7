using Microsoft.Extensions.Options;

namespace Billing.Server.Payments;

/// <summary>
/// Prices from configuration, looked up when an endpoint carries no <see cref="PaymentRequirement"/>. Exact paths win over
/// prefixes, and the longest prefix wins among prefixes.
/// </summary>
public sealed class PaidRouteTable
{
    private readonly Dictionary<string, PaymentRequirement> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Prefix, PaymentRequirement Requirement)> _prefixes = [];

    public PaidRouteTable(IOptions<PaymentOptions> options)
    {
        foreach (var route in options.Value.Routes)
        {
            if (route.Price == 0 || route.Path.Length == 0)
            {
                throw new InvalidOperationException($"Payment:Routes entry '{route.Path}' needs a path and a non-zero price.");
            }

            PaymentSchemes schemes;
            try
            {
                schemes = PaymentSchemeNames.Parse(route.Scheme);
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"Payment:Routes entry '{route.Path}': {ex.Message}", ex);
            }

            var requirement = new PaymentRequirement(route.Price, route.Description) { Schemes = schemes };
            if (route.Path.EndsWith('*'))
            {
                _prefixes.Add((route.Path[..^1], requirement));
            }
            else
            {
                _exact[route.Path] = requirement;
            }
        }

        _prefixes.Sort((a, b) => b.Prefix.Length.CompareTo(a.Prefix.Length));
    }

    public PaymentRequirement? Find(PathString path)
    {
        var value = path.Value ?? "/";
        if (_exact.TryGetValue(value, out var exact))
        {
            return exact;
        }

        foreach (var (prefix, requirement) in _prefixes)
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return requirement;
            }
        }

        return null;
    }
}
