using Billing.Core.Pricing;

namespace Billing.Server.Gateway;

/// <summary>
/// The worst case of one inference request, before the upstream is called.
/// </summary>
/// <remarks>
/// Prompt bound: the UTF-8 byte length of the request body. A byte-level BPE token decodes to at least one byte of
/// text, and the JSON around each message (<c>{"role":"user","content":""}</c>) is longer than the few template tokens a
/// chat format adds per message, so a text prompt never has more tokens than its request has bytes. (Images and audio
/// given by reference are not bounded by this and are not supported by this bound.) Output bound: the request's
/// <c>max_completion_tokens</c> or <c>max_tokens</c>, else the configured default (which is then sent upstream as the
/// cap), times <c>n</c>. Each bound is priced at the most expensive kind it may turn out to be (a prompt token may be
/// fresh, cached or a cache write; a completion token visible or reasoning).
/// </remarks>
public static class InferenceCeiling
{
    public static InferenceBounds Bounds(PriceEntry price, InferenceRequest request, ulong defaultMaxOutputTokens)
    {
        ArgumentNullException.ThrowIfNull(price);
        ArgumentNullException.ThrowIfNull(request);
        var promptKind = Dearest(price, TokenKind.Input, TokenKind.CachedInput, TokenKind.CacheWrite);
        var completionKind = Dearest(price, TokenKind.Output, TokenKind.Reasoning);
        var perChoice = request.MaxOutputTokens ?? defaultMaxOutputTokens;
        ulong output;
        try
        {
            output = checked(perChoice * (ulong)request.Choices);
        }
        catch (OverflowException ex)
        {
            throw new BillingOverflowException($"{perChoice} output tokens times {request.Choices} choices overflows 64 bits.", ex);
        }

        return new InferenceBounds(promptKind, (ulong)request.ByteLength, completionKind, output);
    }

    /// <summary>The ceiling in atomic units, at least one so that an offer always asks for something.</summary>
    public static UInt128 Compute(PriceEntry price, InferenceBounds bounds)
    {
        var quantities = UsageQuantities.OneCall
            .AddTokens(bounds.PromptKind, bounds.PromptTokens)
            .AddTokens(bounds.CompletionKind, bounds.CompletionTokens);
        var ceiling = PriceCeiling.Compute(price, quantities);
        return ceiling == UInt128.Zero ? UInt128.One : ceiling;
    }

    private static TokenKind Dearest(PriceEntry price, params ReadOnlySpan<TokenKind> kinds)
    {
        var dearest = kinds[0];
        foreach (var kind in kinds)
        {
            if (price.RateFor(kind).MaxPricePerToken > price.RateFor(dearest).MaxPricePerToken)
            {
                dearest = kind;
            }
        }

        return dearest;
    }
}
