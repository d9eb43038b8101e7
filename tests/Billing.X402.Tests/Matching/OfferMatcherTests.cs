using Billing.X402.Json;
using Billing.X402.Matching;
using Billing.X402.Wire;

namespace Billing.X402.Tests.Matching;

public sealed class OfferMatcherTests
{
    private static readonly PaymentRequirements Batch = Read(Samples.BatchOfferJson);
    private static readonly PaymentRequirements Exact = Read(Samples.ExactOfferJson);
    private static readonly PaymentRequirements[] Offers = [Batch, Exact];

    [Fact]
    public void Verbatim_echo_matches_the_offer_it_copies()
    {
        Assert.Same(Batch, OfferMatcher.FindMatch(Offers, Read(Samples.BatchOfferJson)));
        Assert.Same(Exact, OfferMatcher.FindMatch(Offers, Read(Samples.ExactOfferJson)));
    }

    [Theory]
    [InlineData("\"scheme\":\"batch-settlement\"", "\"scheme\":\"upto\"")]
    [InlineData("\"network\":\"eip155:84532\"", "\"network\":\"eip155:8453\"")]
    [InlineData("\"amount\":\"1000\"", "\"amount\":\"999\"")]
    [InlineData("\"amount\":\"1000\"", "\"amount\":\"01000\"")]
    [InlineData("\"asset\":\"0x036CbD53842c5426634e7929541eC2318f3dCF7e\"", "\"asset\":\"0x036cbd53842c5426634e7929541ec2318f3dcf7e\"")]
    [InlineData("\"payTo\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\"", "\"payTo\":\"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\"")]
    [InlineData("\"maxTimeoutSeconds\":3600", "\"maxTimeoutSeconds\":3601")]
    [InlineData("\"withdrawDelay\":900", "\"withdrawDelay\":901")]
    [InlineData("\"minDeposit\":\"10000\"", "\"minDeposit\":\"1\"")]
    [InlineData("\"minDeposit\":\"10000\"", "\"minDeposit\":10000")]
    [InlineData("\"name\":\"USDC\",", "")]
    public void Any_changed_core_field_or_server_extra_key_does_not_match(string fragment, string replacement)
    {
        var tampered = Read(Samples.ReplaceOnce(Samples.BatchOfferJson, fragment, replacement));

        Assert.False(OfferMatcher.Matches(Batch, tampered));
        Assert.Null(OfferMatcher.FindMatch([Batch], tampered));
    }

    [Fact]
    public void Client_may_add_extra_keys_and_reorder_them()
    {
        var reordered = Read(
            """{"maxTimeoutSeconds":3600,"payTo":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","scheme":"batch-settlement","amount":"1000","network":"eip155:84532","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","extra":{"minDeposit":"10000","withdrawDelay":900.0,"version":"2","clientNote":{"a":[1]},"receiverAuthorizer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","name":"USDC"}}""");

        Assert.True(OfferMatcher.Matches(Batch, reordered));
    }

    [Fact]
    public void Nested_server_values_compare_deeply_not_as_subsets()
    {
        var offer = Batch with { Extra = Samples.Element("""{"k":{"a":1,"b":[1,2]}}""") };

        Assert.True(OfferMatcher.Matches(offer, Batch with { Extra = Samples.Element("""{"k":{"b":[1,2],"a":1},"x":0}""") }));
        Assert.False(OfferMatcher.Matches(offer, Batch with { Extra = Samples.Element("""{"k":{"a":1,"b":[1,2],"c":3}}""") }));
        Assert.False(OfferMatcher.Matches(offer, Batch with { Extra = Samples.Element("""{"k":{"a":1,"b":[2,1]}}""") }));
        Assert.False(OfferMatcher.Matches(offer, Batch with { Extra = Samples.Element("""{"k":{"a":"1","b":[1,2]}}""") }));
        Assert.False(OfferMatcher.Matches(offer, Batch with { Extra = Samples.Element("""{"k":null}""") }));
    }

    [Fact]
    public void Offer_without_extra_matches_any_echoed_extra_but_an_offer_extra_needs_one()
    {
        Assert.True(OfferMatcher.Matches(Batch with { Extra = null }, Batch));
        Assert.False(OfferMatcher.Matches(Batch, Batch with { Extra = null }));
        Assert.False(OfferMatcher.Matches(Batch, Batch with { Extra = Samples.Element("[]") }));
    }

    [Fact]
    public void Numbers_the_runtime_cannot_compare_never_throw_and_never_match()
    {
        var offer = Batch with { Extra = Samples.Element("""{"n":1e99999999999999999999}""") };

        Assert.False(OfferMatcher.Matches(offer, Batch with { Extra = Samples.Element("""{"n":10e99999999999999999998}""") }));
        Assert.True(OfferMatcher.Matches(offer, Batch with { Extra = Samples.Element("""{"n":1e99999999999999999999}""") }));
    }

    private static PaymentRequirements Read(string json) =>
        StrictJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json), X402JsonContext.Default.PaymentRequirements, X402ErrorReasons.InvalidPayload).Value;
}
