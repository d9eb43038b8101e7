using Billing.Evm.Eip712;

namespace Billing.Evm.Tests.Eip712;

/// <summary>The Mail example from the EIP-712 specification, with its published intermediate values.</summary>
public class TypedDataTests
{
    internal const string MailJson = """
        {
          "types": {
            "EIP712Domain": [
              { "name": "name", "type": "string" }, { "name": "version", "type": "string" },
              { "name": "chainId", "type": "uint256" }, { "name": "verifyingContract", "type": "address" }
            ],
            "Person": [ { "name": "name", "type": "string" }, { "name": "wallet", "type": "address" } ],
            "Mail": [ { "name": "from", "type": "Person" }, { "name": "to", "type": "Person" }, { "name": "contents", "type": "string" } ]
          },
          "primaryType": "Mail",
          "domain": { "name": "Ether Mail", "version": "1", "chainId": 1, "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC" },
          "message": {
            "from": { "name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
            "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            "contents": "Hello, Bob!"
          }
        }
        """;

    [Fact]
    public void Mail_example_matches_the_EIP()
    {
        var typedData = TypedData.Parse(MailJson);
        Assert.Equal("Mail(Person from,Person to,string contents)Person(string name,address wallet)", typedData.EncodeType("Mail"));
        Assert.Equal("0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2", typedData.TypeHash("Mail").ToString());
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", typedData.DomainSeparator().ToString());
        Assert.Equal("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e", typedData.HashStruct("Mail", typedData.Message).ToString());
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", typedData.Digest().ToString());
    }

    [Fact]
    public void Mail_signature_by_cow_matches_the_EIP()
    {
        using var cow = PrivateKey.FromBytes(Keccak256.Hash("cow"u8).AsSpan());
        Assert.Equal(Address.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"), cow.Address);
        var signature = Secp256k1.Default.Sign(TypedData.Parse(MailJson).Digest().AsSpan(), cow);
        Assert.Equal(
            "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c",
            Hex.Encode(signature));
    }

    [Fact]
    public void Typed_domain_separator_equals_the_JSON_one()
    {
        var domain = new Eip712Domain("Ether Mail", "1", 1, Address.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"));
        Assert.Equal(TypedData.Parse(MailJson).DomainSeparator(), domain.Separator);
    }

    [Fact]
    public void Implicit_domain_type_is_inferred_from_the_domain_fields()
    {
        var withoutDomainType = MailJson.Replace(
            """
            "EIP712Domain": [
                  { "name": "name", "type": "string" }, { "name": "version", "type": "string" },
                  { "name": "chainId", "type": "uint256" }, { "name": "verifyingContract", "type": "address" }
                ],
            """, string.Empty, StringComparison.Ordinal);
        Assert.NotEqual(MailJson, withoutDomainType);
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", TypedData.Parse(withoutDomainType).Digest().ToString());
    }

    [Fact]
    public void Arrays_of_structs_and_atoms_hash_as_EIP712_requires()
    {
        const string json = """
            {
              "types": {
                "EIP712Domain": [ { "name": "name", "type": "string" } ],
                "Batch": [ { "name": "items", "type": "Item[]" }, { "name": "tags", "type": "bytes32[2]" }, { "name": "ok", "type": "bool" } ],
                "Item": [ { "name": "amount", "type": "uint128" }, { "name": "delta", "type": "int8" }, { "name": "note", "type": "bytes" } ]
              },
              "primaryType": "Batch",
              "domain": { "name": "t" },
              "message": {
                "items": [ { "amount": "0x10", "delta": -3, "note": "0x01" }, { "amount": "340282366920938463463374607431768211455", "delta": 127, "note": "0x" } ],
                "tags": [ "0x0000000000000000000000000000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000000000000000000000000000002" ],
                "ok": true
              }
            }
            """;
        var typedData = TypedData.Parse(json);
        Assert.Equal("Batch(Item[] items,bytes32[2] tags,bool ok)Item(uint128 amount,int8 delta,bytes note)", typedData.EncodeType("Batch"));

        // Hand-rolled: hashStruct(Batch) = keccak(typeHash ‖ keccak(h(item0) ‖ h(item1)) ‖ keccak(tag0 ‖ tag1) ‖ 1).
        var itemType = Keccak256.Hash("Item(uint128 amount,int8 delta,bytes note)"u8).ToArray();
        byte[] Word(System.Numerics.BigInteger v)
        {
            var w = new byte[32];
            Billing.Evm.Abi.AbiWord.Write(v, w);
            return w;
        }

        var item0 = Keccak256.Hash([.. itemType, .. Word(16), .. Word(-3), .. Keccak256.Hash([0x01]).ToArray()]).ToArray();
        var item1 = Keccak256.Hash([.. itemType, .. Word(UInt128.MaxValue), .. Word(127), .. Keccak256.Hash([]).ToArray()]).ToArray();
        var expected = Keccak256.Hash([
            .. typedData.TypeHash("Batch").ToArray(),
            .. Keccak256.Hash([.. item0, .. item1]).ToArray(),
            .. Keccak256.Hash([.. Word(1), .. Word(2)]).ToArray(),
            .. Word(1),
        ]);
        Assert.Equal(expected, typedData.HashStruct("Batch", typedData.Message));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"types":{},"primaryType":"Mail","domain":{},"message":{}}""")]
    [InlineData("""{"types":{"A":[{"name":"x","type":"uint7"}]},"primaryType":"A","domain":{},"message":{"x":1}}""")]
    [InlineData("""{"types":{"A":[{"name":"x","type":"B"}]},"primaryType":"A","domain":{},"message":{"x":{}}}""")]
    [InlineData("""{"types":{"A":[{"name":"x","type":"uint8"},{"name":"x","type":"uint8"}]},"primaryType":"A","domain":{},"message":{"x":1}}""")]
    [InlineData("""{"types":{"A":"oops"},"primaryType":"A","domain":{},"message":{}}""")]
    [InlineData("""{"types":{"A":[{"name":"x","type":"uint8[0]"}]},"primaryType":"A","domain":{},"message":{"x":[]}}""")]
    public void Malformed_typed_data_is_refused_at_parse(string json)
    {
        Assert.Throws<EvmDecodingException>(() => TypedData.Parse(json));
    }

    [Theory]
    [InlineData("uint8", "256")]
    [InlineData("uint8", "-1")]
    [InlineData("int8", "128")]
    [InlineData("uint256", "1.5")]
    [InlineData("uint256", "1e3")]
    [InlineData("uint256", "\"0x\"")]
    [InlineData("uint256", "\"12a\"")]
    [InlineData("address", "\"0x1234\"")]
    [InlineData("bytes4", "\"0x0102\"")]
    [InlineData("bytes", "\"0102\"")]
    [InlineData("bool", "1")]
    [InlineData("string", "5")]
    [InlineData("uint8[2]", "[1]")]
    public void Out_of_range_or_mistyped_values_are_refused_at_digest(string type, string value)
    {
        var json = """{"types":{"A":[{"name":"x","type":""" + "\"" + type + "\"" + """}]},"primaryType":"A","domain":{},"message":{"x":""" + value + "}}";
        var typedData = TypedData.Parse(json);
        Assert.Throws<EvmDecodingException>(() => typedData.Digest());
    }

    [Fact]
    public void Missing_message_field_is_refused()
    {
        var typedData = TypedData.Parse("""{"types":{"A":[{"name":"x","type":"uint8"}]},"primaryType":"A","domain":{},"message":{}}""");
        Assert.Throws<EvmDecodingException>(() => typedData.Digest());
    }
}
