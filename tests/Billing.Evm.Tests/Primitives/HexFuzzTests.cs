using CsCheck;

namespace Billing.Evm.Tests.Primitives;

public class HexFuzzTests
{
    [Fact]
    public void Hex_round_trips_random_bytes()
    {
        Gen.Byte.Array[0, 100].Sample(bytes =>
        {
            Assert.Equal(bytes, Hex.Decode(Hex.Encode(bytes)));
            Assert.Equal(bytes, Hex.Decode(Hex.Encode(bytes, prefix: false).ToUpperInvariant()));
        }, iter: 2000);
    }

    [Fact]
    public void Random_strings_never_fail_untyped()
    {
        Gen.String.Sample(text =>
        {
            Hex.TryDecode(text, out _);
            Address.TryParse(text, out _);
            Hash32.TryParse(text, out _);
            Assert.Equal(Hex.TryDecode(text, out _), Record.Exception(() => Hex.Decode(text)) is null);
        }, iter: 5000);
    }
}
