using Billing.Core.Pricing;

namespace Billing.Core.Tests.Pricing;

public sealed class PriceBookTests
{
    private const string Chat = "/v1/chat/completions";
    private static readonly DateTimeOffset January = TestPrices.Epoch;
    private static readonly DateTimeOffset February = January.AddMonths(1);
    private static readonly DateTimeOffset March = January.AddMonths(2);

    private static readonly PriceEntry DefaultJanuary = TestPrices.Output(new SubUnits(100)) with { EffectiveFrom = January };
    private static readonly PriceEntry DefaultMarch = TestPrices.Output(new SubUnits(90)) with { EffectiveFrom = March };
    private static readonly PriceEntry MiniJanuary = TestPrices.Output(new SubUnits(10), model: "gpt-mini") with { EffectiveFrom = January };
    private static readonly PriceEntry MiniFebruary = TestPrices.Output(new SubUnits(8), model: "gpt-mini") with { EffectiveFrom = February };
    private static readonly PriceEntry LargeMarch = TestPrices.Output(new SubUnits(500), model: "gpt-large") with { EffectiveFrom = March };

    private readonly PriceBook _book = new([DefaultMarch, MiniFebruary, DefaultJanuary, LargeMarch, MiniJanuary]);

    [Fact]
    public void The_latest_version_in_effect_at_the_request_time_applies()
    {
        Assert.Same(MiniJanuary, _book.Resolve(Chat, "gpt-mini", January));
        Assert.Same(MiniJanuary, _book.Resolve(Chat, "gpt-mini", February.AddTicks(-1)));
        Assert.Same(MiniFebruary, _book.Resolve(Chat, "gpt-mini", February));
        Assert.Same(MiniFebruary, _book.Resolve(Chat, "gpt-mini", March.AddYears(5)));
    }

    [Fact]
    public void Effective_instants_compare_as_instants_whatever_the_offset()
    {
        var februaryInTokyo = February.ToOffset(TimeSpan.FromHours(9));

        Assert.Same(MiniFebruary, _book.Resolve(Chat, "gpt-mini", februaryInTokyo));
        Assert.Same(MiniJanuary, _book.Resolve(Chat, "gpt-mini", februaryInTokyo.AddSeconds(-1)));
    }

    [Fact]
    public void A_model_without_its_own_price_gets_the_route_default()
    {
        Assert.Same(DefaultJanuary, _book.Resolve(Chat, "some-other-model", February));
        Assert.Same(DefaultMarch, _book.Resolve(Chat, "some-other-model", March));
        Assert.Same(DefaultJanuary, _book.Resolve(Chat, null, January));
    }

    [Fact]
    public void A_model_whose_own_price_starts_later_uses_the_default_until_then()
    {
        Assert.Same(DefaultJanuary, _book.Resolve(Chat, "gpt-large", February));
        Assert.Same(LargeMarch, _book.Resolve(Chat, "gpt-large", March));
    }

    [Fact]
    public void Models_match_case_insensitively_and_routes_exactly()
    {
        Assert.Same(MiniFebruary, _book.Resolve(Chat, "GPT-Mini", February));
        Assert.False(_book.TryResolve("/V1/chat/completions", "gpt-mini", February, out _));
    }

    [Fact]
    public void Nothing_before_the_first_version_or_on_an_unknown_route()
    {
        Assert.False(_book.TryResolve(Chat, "gpt-mini", January.AddTicks(-1), out var before));
        Assert.Null(before);

        var error = Assert.Throws<PriceNotFoundException>(() => _book.Resolve("/v1/embeddings", "gpt-mini", February));
        Assert.Equal("/v1/embeddings", error.Route);
        Assert.Equal(February, error.At);
    }

    [Fact]
    public void Two_versions_taking_effect_at_the_same_instant_are_rejected()
    {
        var clash = MiniJanuary with { OutputTokens = TokenRate.Unit(new SubUnits(11)), Model = "GPT-MINI" };

        Assert.Throws<ArgumentException>(() => new PriceBook([MiniJanuary, clash]));
    }

    [Fact]
    public void A_star_model_is_the_route_default_and_a_route_is_required()
    {
        Assert.True((DefaultJanuary with { Model = PriceEntry.AnyModel }).IsModelDefault);
        Assert.Throws<ArgumentException>(() => DefaultJanuary with { Route = " " });
        Assert.Throws<ArgumentNullException>(() => DefaultJanuary with { OutputTokens = null! });
    }
}
