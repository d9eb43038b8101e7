namespace Billing.Core.Pricing;

/// <summary>The effective-dated versions of one route and model, oldest first.</summary>
internal sealed class PriceVersions
{
    private readonly PriceEntry[] _byEffectiveFrom;

    public PriceVersions(IEnumerable<PriceEntry> versions)
    {
        _byEffectiveFrom = [.. versions.OrderBy(entry => entry.EffectiveFrom)];
        for (var i = 1; i < _byEffectiveFrom.Length; i++)
        {
            if (_byEffectiveFrom[i].EffectiveFrom == _byEffectiveFrom[i - 1].EffectiveFrom)
            {
                throw new ArgumentException($"Two prices take effect at the same instant: {_byEffectiveFrom[i]}.");
            }
        }
    }

    /// <summary>The latest version whose effective instant is at or before <paramref name="at"/>.</summary>
    public PriceEntry? At(DateTimeOffset at)
    {
        var low = 0;
        var high = _byEffectiveFrom.Length - 1;
        PriceEntry? found = null;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (_byEffectiveFrom[middle].EffectiveFrom <= at)
            {
                found = _byEffectiveFrom[middle];
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }
}
