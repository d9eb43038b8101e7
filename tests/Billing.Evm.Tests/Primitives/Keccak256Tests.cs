using System.Text;

namespace Billing.Evm.Tests.Primitives;

public class Keccak256Tests
{
    [Theory]
    [InlineData("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("The quick brown fox jumps over the lazy dog", "0x4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")]
    public void Hash_matches_published_vectors(string input, string expected)
    {
        Assert.Equal(expected, Keccak256.Hash(Encoding.ASCII.GetBytes(input)).ToString());
    }

    [Fact]
    public void Hash_is_not_sha3_256()
    {
        // SHA3-256("") differs only in padding; a mix-up would produce this value.
        Assert.NotEqual(
            "0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
            Keccak256.Hash([]).ToString());
    }

    [Theory]
    [InlineData(135)]
    [InlineData(136)]
    [InlineData(137)]
    [InlineData(272)]
    [InlineData(1000)]
    public void Span_and_allocating_forms_agree_around_the_rate_boundary(int length)
    {
        var input = Enumerable.Range(0, length).Select(i => unchecked((byte)(i * 7))).ToArray();
        Span<byte> output = stackalloc byte[32];
        Keccak256.Hash(input, output);
        Assert.Equal(Keccak256.Hash(input).ToArray(), output.ToArray());
    }

    [Fact]
    public void Million_a_matches_the_Keccak_team_vector()
    {
        var input = Encoding.ASCII.GetBytes(new string('a', 1_000_000));
        Assert.Equal("0xfadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96", Keccak256.Hash(input).ToString());
    }

    [Fact]
    public void Output_shorter_than_32_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Keccak256.Hash([1, 2, 3], new byte[31]));
    }
}
