namespace Billing.Evm.Tests.CrossCheck;

[Trait("Category", "CrossCheck")]
public class KeccakAndAddressCrossCheckTests
{
    [Fact]
    public async Task Keccak_of_random_inputs_equals_cast()
    {
        var random = CrossCheckCases.NewRandom(1);
        // Lengths straddle the 136-byte rate so multi-block absorption is exercised.
        var inputs = Enumerable.Range(0, CrossCheckCases.Count).Select(_ => CrossCheckCases.Bytes(random, random.Next(0, 420))).ToArray();
        var expected = await Cast.RunAllAsync(inputs.Select(i => (IReadOnlyList<string>)["keccak", Hex.Encode(i)]));
        var actual = inputs.Select(i => Keccak256.Hash(i).ToString()).ToArray();
        CrossCheckCases.AssertAllEqual(expected, actual, i => Hex.Encode(inputs[i]));
    }

    [Fact]
    public async Task Checksummed_addresses_equal_cast()
    {
        var random = CrossCheckCases.NewRandom(2);
        var addresses = Enumerable.Range(0, CrossCheckCases.Count).Select(_ => CrossCheckCases.Address(random)).ToArray();
        var expected = await Cast.RunAllAsync(addresses.Select(a => (IReadOnlyList<string>)["to-check-sum-address", a.ToLowerHex()]));
        var actual = addresses.Select(a => a.ToString()).ToArray();
        Assert.Equal(expected, actual); // exact case: that is the checksum
    }
}
