using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Billing.Core.Pricing;

/// <summary>
/// A provider's prices: versions keyed by route and model, each effective from an instant. Immutable, so one instance
/// can be shared by every request; a price change builds a new book.
/// </summary>
/// <remarks>
/// Resolution prefers the model's own price over the route's default, then the latest version in effect. A model whose
/// own price only starts in the future is priced by the default until then.
/// </remarks>
public sealed class PriceBook
{
    private readonly FrozenDictionary<string, RoutePrices> _routes;

    /// <exception cref="ArgumentException">Two versions of one route and model take effect at the same instant.</exception>
    public PriceBook(IEnumerable<PriceEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = [.. entries];
        if (Entries.Any(entry => entry is null))
        {
            throw new ArgumentException("A price book cannot hold a null entry.", nameof(entries));
        }

        _routes = Entries
            .GroupBy(entry => entry.Route, StringComparer.Ordinal)
            .ToFrozenDictionary(route => route.Key, RoutePrices.From, StringComparer.Ordinal);
    }

    public ImmutableArray<PriceEntry> Entries { get; }

    public bool TryResolve(string route, string? model, DateTimeOffset at, [NotNullWhen(true)] out PriceEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(route);
        entry = null;
        if (!_routes.TryGetValue(route, out var prices))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(model) && prices.ByModel.TryGetValue(model, out var versions))
        {
            entry = versions.At(at);
        }

        entry ??= prices.ModelDefault?.At(at);
        return entry is not null;
    }

    /// <exception cref="PriceNotFoundException">No version for the route and model is in effect at <paramref name="at"/>.</exception>
    public PriceEntry Resolve(string route, string? model, DateTimeOffset at) =>
        TryResolve(route, model, at, out var entry) ? entry : throw new PriceNotFoundException(route, model, at);

    private sealed record RoutePrices(FrozenDictionary<string, PriceVersions> ByModel, PriceVersions? ModelDefault)
    {
        public static RoutePrices From(IEnumerable<PriceEntry> routeEntries)
        {
            var defaults = routeEntries.Where(entry => entry.IsModelDefault).ToList();
            var byModel = routeEntries
                .Where(entry => !entry.IsModelDefault)
                .GroupBy(entry => entry.Model!, StringComparer.OrdinalIgnoreCase)
                .ToFrozenDictionary(
                    model => model.Key,
                    model => new PriceVersions(model),
                    StringComparer.OrdinalIgnoreCase);
            return new RoutePrices(byModel, defaults.Count == 0 ? null : new PriceVersions(defaults));
        }
    }
}
