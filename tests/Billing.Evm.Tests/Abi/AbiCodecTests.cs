using System.Numerics;
using Billing.Evm.Abi;

namespace Billing.Evm.Tests.Abi;

/// <summary>Examples from the Solidity ABI specification, round trips, and strict decoding.</summary>
public class AbiCodecTests
{
    [Fact]
    public void Selector_of_transfer_is_a9059cbb()
    {
        Assert.Equal("0xa9059cbb", Hex.Encode(AbiFunction.Selector("transfer(address,uint256)")));
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)").Topic.ToString());
    }

    [Fact]
    public void Spec_example_baz()
    {
        var call = AbiFunction.Parse("baz(uint32 x, bool y)").EncodeCall(69u, true);
        Assert.Equal(
            "0xcdcd77c0" + "0000000000000000000000000000000000000000000000000000000000000045"
            + "0000000000000000000000000000000000000000000000000000000000000001",
            Hex.Encode(call));
    }

    [Fact]
    public void Spec_example_sam_with_dynamic_types()
    {
        var call = AbiFunction.Parse("sam(bytes,bool,uint256[])").EncodeCall("dave"u8.ToArray(), true, new object[] { 1, 2, 3 });
        Assert.Equal(
            "0xa5643bf2"
            + "0000000000000000000000000000000000000000000000000000000000000060"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "00000000000000000000000000000000000000000000000000000000000000a0"
            + "0000000000000000000000000000000000000000000000000000000000000004"
            + "6461766500000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000003"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000000000000000000000000000000000000000000003",
            Hex.Encode(call));
    }

    [Fact]
    public void Spec_example_f_with_bytes10_and_string_bytes()
    {
        var f = AbiFunction.Parse("f(uint256,uint32[],bytes10,bytes)");
        var call = f.EncodeCall(0x123, new object[] { 0x456, 0x789 }, "1234567890"u8.ToArray(), "Hello, world!"u8.ToArray());
        Assert.Equal(
            "0x8be65246"
            + "0000000000000000000000000000000000000000000000000000000000000123"
            + "0000000000000000000000000000000000000000000000000000000000000080"
            + "3132333435363738393000000000000000000000000000000000000000000000"
            + "00000000000000000000000000000000000000000000000000000000000000e0"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000000000000000000000000000000000000000000456"
            + "0000000000000000000000000000000000000000000000000000000000000789"
            + "000000000000000000000000000000000000000000000000000000000000000d"
            + "48656c6c6f2c20776f726c642100000000000000000000000000000000000000",
            Hex.Encode(call));

        var decoded = f.DecodeCall(call);
        Assert.Equal(new BigInteger(0x123), decoded[0]);
        Assert.Equal([new BigInteger(0x456), new BigInteger(0x789)], (object?[])decoded[1]!);
        Assert.Equal("1234567890"u8.ToArray(), decoded[2]);
        Assert.Equal("Hello, world!"u8.ToArray(), decoded[3]);
    }

    [Fact]
    public void Nested_dynamic_tuples_round_trip()
    {
        var type = AbiType.Parse("(string,(address,uint128)[],bytes32[2],int16)[]");
        Assert.Equal("(string,(address,uint128)[],bytes32[2],int16)[]", type.CanonicalName);
        var value = new object?[]
        {
            new object?[] { "héllo", new object?[] { new object?[] { Address.Zero, (BigInteger)5 } }, new object?[] { new byte[32], Enumerable.Repeat((byte)7, 32).ToArray() }, (BigInteger)(-300) },
            new object?[] { string.Empty, Array.Empty<object?>(), new object?[] { new byte[32], new byte[32] }, (BigInteger)32767 },
        };
        var encoded = AbiEncoder.Encode(type, value);
        var decoded = (object?[])AbiDecoder.Decode(type, encoded)!;
        Assert.Equal(AbiEncoder.Encode(type, decoded), encoded);
        Assert.Equal("héllo", ((object?[])decoded[0]!)[0]);
        Assert.Equal((BigInteger)(-300), ((object?[])decoded[0]!)[3]);
    }

    [Theory]
    [InlineData("uint8", 256)]
    [InlineData("uint8", -1)]
    [InlineData("int8", 128)]
    [InlineData("int8", -129)]
    public void Encoding_refuses_values_outside_the_type(string type, long value)
    {
        Assert.Throws<OverflowException>(() => AbiEncoder.Encode(AbiType.Parse(type), (BigInteger)value));
    }

    [Fact]
    public void Encoding_refuses_wrong_shapes()
    {
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Parse("bytes4"), new byte[3]));
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Parse("(uint8,bool)"), new object?[] { 1 }));
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Parse("uint8[2]"), new object?[] { 1 }));
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Parse("bool"), 1));
    }

    [Theory]
    [InlineData("uint8", "0000000000000000000000000000000000000000000000000000000000000100")] // 256 in a uint8
    [InlineData("bool", "0000000000000000000000000000000000000000000000000000000000000002")]
    [InlineData("address", "0000000000000000000000010000000000000000000000000000000000000000")]
    [InlineData("bytes2", "0102030000000000000000000000000000000000000000000000000000000000")]
    [InlineData("int8", "00000000000000000000000000000000000000000000000000000000000000ff")] // not sign-extended
    [InlineData("uint256", "00")]
    [InlineData("string", "0000000000000000000000000000000000000000000000000000000000000020")] // offset, no length
    [InlineData("bytes", "0000000000000000000000000000000000000000000000000000000000000040")] // offset past end
    [InlineData("bytes", "00000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000021")] // length past end
    [InlineData("uint256[]", "0000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000ffffffffffffffff")] // absurd count
    [InlineData("string", "00000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000001ff00000000000000000000000000000000000000000000000000000000000000")] // invalid UTF-8
    public void Decoding_refuses_dirty_or_truncated_data(string type, string hex)
    {
        Assert.Throws<EvmDecodingException>(() => AbiDecoder.Decode(AbiType.Parse(type), Hex.Decode(hex)));
    }

    [Fact]
    public void Decoding_refuses_self_referencing_offsets_that_would_explode()
    {
        // 64 elements of uint256[][] whose offsets all point at the same inner array of 64 elements.
        var words = new List<string> { W(0x20), W(64) };
        words.AddRange(Enumerable.Repeat(W(64 * 32), 64));
        words.Add(W(64));
        words.AddRange(Enumerable.Repeat(W(1), 64));
        var data = Hex.Decode(string.Concat(words));
        Assert.Throws<EvmDecodingException>(() => AbiDecoder.Decode(AbiType.Parse("uint256[][][]"), data));

        static string W(long v) => v.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("uint")]
    [InlineData("int")]
    public void Aliases_are_canonicalised(string alias)
    {
        Assert.Equal(alias + "256", AbiType.Parse(alias).CanonicalName);
    }

    [Theory]
    [InlineData("uint7")]
    [InlineData("uint264")]
    [InlineData("bytes0")]
    [InlineData("bytes33")]
    [InlineData("uint256[0]")]
    [InlineData("(uint256")]
    [InlineData("address payable x y")]
    [InlineData("strin")]
    [InlineData("uint08")]
    public void Malformed_types_are_refused(string text)
    {
        Assert.Throws<EvmDecodingException>(() => AbiType.Parse(text));
    }

    [Fact]
    public void Function_signature_parses_names_locations_and_outputs()
    {
        var function = AbiFunction.Parse("function balanceOf(address owner) external view returns (uint256 balance)");
        Assert.Equal("balanceOf(address)", function.Signature);
        Assert.Equal("owner", function.Inputs[0].Name);
        Assert.Single(function.Outputs);
        Assert.Equal("transfer(address,uint256)", AbiFunction.Parse("transfer(address to, uint256 amount)").Signature);
        Assert.Equal("f((bytes32,bool)[])", AbiFunction.Parse("f(tuple(bytes32 a, bool b)[] calldata xs)").Signature);
    }

    [Fact]
    public void Decode_call_refuses_wrong_selector()
    {
        var transfer = AbiFunction.Parse("transfer(address,uint256)");
        var call = transfer.EncodeCall(Address.Zero, 1);
        call[0] ^= 1;
        Assert.Throws<EvmDecodingException>(() => transfer.DecodeCall(call));
        Assert.Throws<EvmDecodingException>(() => transfer.DecodeCall(call.AsSpan(0, 3)));
    }
}
