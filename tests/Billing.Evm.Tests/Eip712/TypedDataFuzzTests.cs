using Billing.Evm.Eip712;
using Billing.Evm.Tests.Support;
using CsCheck;

namespace Billing.Evm.Tests.Eip712;

public class TypedDataFuzzTests
{
    [Fact]
    public void Mutated_typed_data_json_is_decoded_or_refused_typed()
    {
        var json = TypedDataTests.MailJson;
        Gen.Select(Gen.Int[0, json.Length - 1], Gen.Int[0, 20], Gen.Char["{}[]\",:0x1aZ -"]).Sample((position, deleteCount, insert) =>
        {
            var end = Math.Min(json.Length, position + deleteCount);
            var mutated = json[..position] + insert + json[end..];
            Refusal.DecodesOrRefuses(() => TypedData.Parse(mutated).Digest());
        }, iter: 5000);
    }

    [Fact]
    public void Random_text_is_refused_typed()
    {
        Gen.String.Sample(text => Assert.False(Refusal.DecodesOrRefuses(() => TypedData.Parse(text).Digest())), iter: 2000);
    }

    [Fact]
    public void Deeply_nested_json_is_refused_not_overflowing_the_stack()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        Assert.Throws<EvmDecodingException>(() => TypedData.Parse(deep));
        var recursive = """{"types":{"A":[{"name":"a","type":"A[]"}]},"primaryType":"A","domain":{},"message":{"a":[{"a":[{"a":[{"a":[]}]}]}]}}""";
        Assert.NotEqual(Hash32.Zero, TypedData.Parse(recursive).Digest());
    }
}
