using Billing.Core.Pricing;
using Billing.Server.Gateway;

namespace Billing.Server.Tests.Gateway;

/// <summary>Prices in sub-units (10^6 per atomic unit), worked out by hand so the tests do not trust the parser.</summary>
public sealed class InferenceCeilingTests
{
    private const ulong DefaultCap = 4_096;

    // $0.0001/call, $0.15/1M input, $0.075/1M cached input, $0.60/1M output.
    private static readonly PriceEntry Price = new()
    {
        Route = "chat",
        EffectiveFrom = DateTimeOffset.MinValue,
        CallFee = new SubUnits(100_000_000),
        InputTokens = TokenRate.Unit(new SubUnits(150_000)),
        CachedInputTokens = TokenRate.Unit(new SubUnits(75_000)),
        OutputTokens = TokenRate.Unit(new SubUnits(600_000)),
    };

    [Fact]
    public void The_prompt_is_bounded_by_the_body_bytes_and_the_output_by_max_tokens()
    {
        var request = InferenceRequestTests.Read("""{"model":"m","max_tokens":200,"messages":[{"role":"user","content":"hi"}]}""");

        var bounds = InferenceCeiling.Bounds(Price, request, DefaultCap);

        Assert.Equal(new InferenceBounds(TokenKind.Input, (ulong)request.ByteLength, TokenKind.Output, 200), bounds);

        // call + bytes × input + 200 × output, rounded up to a whole atomic unit.
        var exact = 100_000_000 + ((ulong)request.ByteLength * 150_000) + (200 * 600_000);
        Assert.Equal((UInt128)((exact + 999_999) / 1_000_000), InferenceCeiling.Compute(Price, bounds));
    }

    [Fact]
    public void Without_max_tokens_the_configured_default_bounds_each_choice()
    {
        var request = InferenceRequestTests.Read("""{"n":3}""");

        var bounds = InferenceCeiling.Bounds(Price, request, DefaultCap);

        Assert.Equal(DefaultCap * 3, bounds.CompletionTokens);
        Assert.Equal(1_200UL, InferenceCeiling.Bounds(Price, InferenceRequestTests.Read("""{"max_completion_tokens":400,"n":3}"""), DefaultCap).CompletionTokens);
    }

    [Fact]
    public void Each_bound_is_priced_at_the_dearest_kind_it_may_turn_out_to_be()
    {
        var dearCache = Price with
        {
            CacheWriteTokens = TokenRate.Unit(new SubUnits(187_500)),
            ReasoningTokens = TokenRate.Unit(new SubUnits(2_000_000)),
        };
        var request = InferenceRequestTests.Read("""{"max_tokens":10}""");

        var bounds = InferenceCeiling.Bounds(dearCache, request, DefaultCap);

        Assert.Equal(TokenKind.CacheWrite, bounds.PromptKind);
        Assert.Equal(TokenKind.Reasoning, bounds.CompletionKind);
        var exact = 100_000_000 + ((ulong)request.ByteLength * 187_500) + (10 * 2_000_000);
        Assert.Equal((UInt128)((exact + 999_999) / 1_000_000), InferenceCeiling.Compute(dearCache, bounds));
    }

    [Fact]
    public void A_free_request_still_asks_for_one_atomic_unit()
    {
        var free = new PriceEntry { Route = "free", EffectiveFrom = DateTimeOffset.MinValue };

        var bounds = InferenceCeiling.Bounds(free, InferenceRequestTests.Read("{}"), DefaultCap);

        Assert.Equal(UInt128.One, InferenceCeiling.Compute(free, bounds));
    }

    [Fact]
    public void The_largest_accepted_bound_is_priced_exactly_without_overflow()
    {
        var request = InferenceRequestTests.Read($$"""{"max_tokens":{{InferenceRequest.MaxOutputTokensPerChoice}},"n":{{InferenceRequest.MaxChoices}}}""");

        var bounds = InferenceCeiling.Bounds(Price, request, DefaultCap);
        var ceiling = InferenceCeiling.Compute(Price, bounds);

        var output = (UInt128)InferenceRequest.MaxOutputTokensPerChoice * InferenceRequest.MaxChoices;
        Assert.Equal((ulong)output, bounds.CompletionTokens);
        var exact = (UInt128)100_000_000 + ((UInt128)request.ByteLength * 150_000) + (output * 600_000);
        Assert.Equal((exact + 999_999) / 1_000_000, ceiling);
    }

    [Fact]
    public void An_output_bound_that_overflows_64_bits_is_a_billing_overflow_not_a_wrapped_number()
    {
        // Only a configured default can be this large: a request's own cap is refused above 2^24 when read.
        Assert.Throws<BillingOverflowException>(() => InferenceCeiling.Bounds(Price, InferenceRequestTests.Read("""{"n":2}"""), ulong.MaxValue));
    }
}
