using Billing.Core.Pricing;

namespace Billing.Core.Metering;

/// <summary>
/// Counts the tokens of one streamed response as they pass and keeps the stream inside the amount reserved for it.
/// </summary>
/// <remarks>
/// The meter prices tokens as <see cref="PriceCeiling"/> does (each kind at its most expensive tier), so "fits the
/// ceiling" here means the committed charge fits the reservation whatever the payer's period-to-date usage is by the
/// time the request commits. Adding tokens is a few integer operations and allocates nothing. One meter serves one
/// stream, read by one reader: it is not thread-safe.
/// </remarks>
public sealed class StreamMeter
{
    private readonly SubUnits _ceiling;
    private readonly SubUnits _minimumCharge;
    private readonly SubUnits _maxInput;
    private readonly SubUnits _maxCachedInput;
    private readonly SubUnits _maxCacheWrite;
    private readonly SubUnits _maxOutput;
    private readonly SubUnits _maxReasoning;
    private UsageQuantities _usage;
    private SubUnits _worstCaseUsageCharge;

    /// <param name="price">The version resolved for the request.</param>
    /// <param name="ceilingAtomic">The atomic amount reserved for the request (its price ceiling).</param>
    /// <exception cref="BillingOverflowException">The ceiling does not fit in sub-units.</exception>
    public StreamMeter(PriceEntry price, UInt128 ceilingAtomic)
    {
        ArgumentNullException.ThrowIfNull(price);
        CeilingAtomic = ceilingAtomic;
        _ceiling = SubUnits.FromAtomic(ceilingAtomic);
        _minimumCharge = price.MinimumCharge;
        _maxInput = price.InputTokens.MaxPricePerToken;
        _maxCachedInput = price.CachedInputTokens.MaxPricePerToken;
        _maxCacheWrite = price.CacheWriteTokens.MaxPricePerToken;
        _maxOutput = price.OutputTokens.MaxPricePerToken;
        _maxReasoning = price.ReasoningTokens.MaxPricePerToken;
        _usage = UsageQuantities.OneCall;
        _worstCaseUsageCharge = price.CallFee;
    }

    public UInt128 CeilingAtomic { get; }

    /// <summary>Everything counted so far: one call plus the tokens added. The final usage once the stream ends.</summary>
    public UsageQuantities Usage => _usage;

    /// <summary>The most the usage counted so far can cost, in sub-units.</summary>
    public SubUnits WorstCaseCharge => SubUnits.Max(_worstCaseUsageCharge, _minimumCharge);

    /// <summary>True once <see cref="TryAdd"/> refused a chunk: the stream was cut off to stay within the ceiling.</summary>
    public bool WasCutOff { get; private set; }

    /// <summary>True when tokens counted with <see cref="Add"/> pushed the worst-case charge past the ceiling.</summary>
    public bool IsOverCeiling => WorstCaseCharge > _ceiling;

    /// <summary>Whether <paramref name="tokens"/> more tokens of <paramref name="kind"/> would exceed the ceiling.</summary>
    public bool WouldExceed(TokenKind kind, ulong tokens)
    {
        if (_minimumCharge > _ceiling)
        {
            return true;
        }

        try
        {
            return _worstCaseUsageCharge + (MaxPrice(kind) * tokens) > _ceiling;
        }
        catch (BillingOverflowException)
        {
            return true;
        }
    }

    /// <summary>Whether the next chunk of <paramref name="outputTokens"/> output tokens would exceed the ceiling.</summary>
    public bool WouldOutputExceed(ulong outputTokens) => WouldExceed(TokenKind.Output, outputTokens);

    /// <summary>Counts the chunk if it fits the ceiling; otherwise counts nothing and marks the stream as cut off.</summary>
    /// <returns>True when the chunk was counted and may be forwarded.</returns>
    public bool TryAdd(TokenKind kind, ulong tokens)
    {
        if (WouldExceed(kind, tokens))
        {
            WasCutOff = true;
            return false;
        }

        Add(kind, tokens);
        return true;
    }

    /// <summary>Counts tokens that have already passed (or that the upstream reported), even beyond the ceiling.</summary>
    /// <exception cref="BillingOverflowException">The count or its worst-case price overflows.</exception>
    public void Add(TokenKind kind, ulong tokens)
    {
        var usage = _usage.AddTokens(kind, tokens);
        var worstCase = _worstCaseUsageCharge + (MaxPrice(kind) * tokens);
        _usage = usage;
        _worstCaseUsageCharge = worstCase;
    }

    /// <summary>How many more tokens of <paramref name="kind"/> fit the ceiling, e.g. to cap the upstream's max_tokens.</summary>
    public ulong RemainingTokens(TokenKind kind)
    {
        if (_minimumCharge > _ceiling || _worstCaseUsageCharge > _ceiling)
        {
            return 0;
        }

        var price = MaxPrice(kind);
        if (price.IsZero)
        {
            return ulong.MaxValue;
        }

        var fit = (_ceiling - _worstCaseUsageCharge).Value / price.Value;
        return fit >= ulong.MaxValue ? ulong.MaxValue : (ulong)fit;
    }

    private SubUnits MaxPrice(TokenKind kind) => kind switch
    {
        TokenKind.Input => _maxInput,
        TokenKind.CachedInput => _maxCachedInput,
        TokenKind.CacheWrite => _maxCacheWrite,
        TokenKind.Output => _maxOutput,
        TokenKind.Reasoning => _maxReasoning,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown token kind."),
    };
}
