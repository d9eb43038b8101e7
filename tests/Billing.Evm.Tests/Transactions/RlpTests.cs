using System.Numerics;
using Billing.Evm.Transactions;

namespace Billing.Evm.Tests.Transactions;

/// <summary>Examples from the RLP specification (Ethereum wiki / yellow paper appendix B) and canonical-form checks.</summary>
public class RlpTests
{
    [Fact]
    public void Specification_examples()
    {
        Assert.Equal("0x83646f67", Hex.Encode(Rlp.EncodeBytes("dog"u8)));
        Assert.Equal("0xc88363617483646f67", Hex.Encode(Rlp.EncodeList(Rlp.EncodeBytes("cat"u8), Rlp.EncodeBytes("dog"u8))));
        Assert.Equal("0x80", Hex.Encode(Rlp.EncodeBytes([])));
        Assert.Equal("0xc0", Hex.Encode(Rlp.EncodeList()));
        Assert.Equal("0x80", Hex.Encode(Rlp.EncodeUnsigned(0UL)));
        Assert.Equal("0x00", Hex.Encode(Rlp.EncodeBytes([0])));
        Assert.Equal("0x0f", Hex.Encode(Rlp.EncodeUnsigned(15UL)));
        Assert.Equal("0x820400", Hex.Encode(Rlp.EncodeUnsigned(1024UL)));
        Assert.Equal("0x820400", Hex.Encode(Rlp.EncodeUnsigned(new BigInteger(1024))));
        // The set-theoretical representation of three: [ [], [[]], [ [], [[]] ] ].
        var three = Rlp.EncodeList(Rlp.EncodeList(), Rlp.EncodeList(Rlp.EncodeList()), Rlp.EncodeList(Rlp.EncodeList(), Rlp.EncodeList(Rlp.EncodeList())));
        Assert.Equal("0xc7c0c1c0c3c0c1c0", Hex.Encode(three));
        var lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit"u8;
        Assert.Equal("0xb838" + Hex.Encode(lorem, prefix: false), Hex.Encode(Rlp.EncodeBytes(lorem)));
    }

    [Fact]
    public void Decode_round_trips_nested_lists()
    {
        var encoded = Hex.Decode("0xc7c0c1c0c3c0c1c0");
        var item = Rlp.Decode(encoded);
        Assert.True(item.IsList);
        Assert.Equal(3, item.Items.Count);
        Assert.Equal(encoded, Rlp.Encode(item));
    }

    [Theory]
    [InlineData("")] // nothing
    [InlineData("0x8100")] // single byte < 0x80 wrapped
    [InlineData("0x83646f")] // truncated string
    [InlineData("0xb80100")] // long form for a 1-byte payload
    [InlineData("0xb90001")] // leading zero in the length
    [InlineData("0xbbffffffff")] // length far past the end
    [InlineData("0xc3646f67ff")] // list shorter than the input: trailing byte
    [InlineData("0xc583646f67")] // list payload truncated
    [InlineData("0xbf0100000000000000")] // 8-byte length
    public void Malformed_RLP_is_refused(string hex)
    {
        Assert.Throws<EvmDecodingException>(() => Rlp.Decode(Hex.Decode(hex)));
    }

    [Fact]
    public void Deep_nesting_is_refused_not_overflowing_the_stack()
    {
        // 10,000 nested single-element lists: c1 c1 c1 ... c0 would need a header per level; build with short headers.
        var depth = 200;
        var encoded = new byte[] { 0xC0 };
        for (var i = 0; i < depth; i++)
        {
            encoded = Rlp.EncodeList(encoded);
        }

        Assert.Throws<EvmDecodingException>(() => Rlp.Decode(encoded));
    }

    [Fact]
    public void Integers_with_leading_zeros_are_refused()
    {
        var item = Rlp.Decode(Hex.Decode("0x820001"));
        Assert.Throws<EvmDecodingException>(() => item.ToUnsigned());
        Assert.Throws<EvmDecodingException>(() => Rlp.Decode(Hex.Decode("0x89010000000000000000")).ToUInt64());
    }
}
