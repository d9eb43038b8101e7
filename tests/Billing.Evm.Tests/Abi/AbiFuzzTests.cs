using Billing.Evm.Abi;
using Billing.Evm.Tests.Support;
using CsCheck;

namespace Billing.Evm.Tests.Abi;

public class AbiFuzzTests
{
    private static readonly AbiType[] Types =
    [
        .. new[]
        {
            "uint256", "int8", "address", "bool", "bytes4", "bytes", "string", "uint256[]", "bytes[]", "string[2]",
            "(address,uint128)[]", "(bytes,(uint8,string)[])[]", "uint256[][][]", "(bytes32,bool)[3]",
            "((address,address,address,address,address,uint40,bytes32),uint128)",
            "(((address,address,address,address,address,uint40,bytes32),uint128),bytes,uint128)[]",
        }.Select(AbiType.Parse),
    ];

    [Fact]
    public void Decoder_never_fails_untyped_on_random_words()
    {
        // Words biased towards small numbers so offsets and lengths often land inside the data.
        var word = Gen.OneOf(
            Gen.Int[0, 300].Select(v => { var w = new byte[32]; AbiWord.Write((ulong)v, w); return w; }),
            Gen.Byte.Array[32]);
        Gen.Select(Gen.Int[0, Types.Length - 1], word.Array[0, 24], Gen.Int[0, 31]).Sample((typeIndex, words, cut) =>
        {
            var data = words.SelectMany(w => w).ToArray();
            var input = data.Length > cut ? data[..^cut] : data;
            if (Refusal.DecodesOrRefuses(() => AbiDecoder.Decode(Types[typeIndex], input)))
            {
                var decoded = AbiDecoder.Decode(Types[typeIndex], input);
                Assert.NotNull(AbiEncoder.Encode(Types[typeIndex], decoded));
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Revert_decoding_never_throws()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            var withSelector = bytes.Length >= 4 && bytes[0] % 2 == 0 ? [0x08, 0xc3, 0x79, 0xa0, .. bytes[4..]] : bytes;
            var reason = RevertReason.Decode(withSelector);
            Assert.NotNull(reason.Message);
        }, iter: 5000);
    }

    [Fact]
    public void Signature_parser_never_fails_untyped()
    {
        Gen.String[Gen.Char["abcuintbytes()[],0123456789 "], 0, 40].Sample(text =>
        {
            Refusal.DecodesOrRefuses(() => AbiFunction.Parse(text));
        }, iter: 5000);
    }
}
