using System.Numerics;
using Billing.Evm.Transactions;

namespace Billing.Evm.Tests.Transactions;

public class TransactionTests
{
    private static readonly Address To = Address.Parse("0x3535353535353535353535353535353535353535");

    [Fact]
    public void EIP155_example_transaction_matches_the_specification()
    {
        // EIP-155's worked example: nonce 9, 20 gwei, 21000 gas, 1 ether, chain 1, key 0x4646…46.
        using var key = PrivateKey.FromHex("0x" + string.Concat(Enumerable.Repeat("46", 32)));
        var tx = new LegacyTransaction(1, 9, 20_000_000_000, 21000, To, BigInteger.Pow(10, 18), []);
        Assert.Equal("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", tx.SigningHash().ToString());

        var signed = tx.Sign(key, Secp256k1.Default);
        Assert.Equal(
            "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83",
            signed.RawHex);
        Assert.Equal("0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788", signed.Hash.ToString());

        var decoded = RawTransactionDecoder.Decode(signed.Raw);
        Assert.Equal(0, decoded.Type);
        Assert.Equal(1UL, decoded.ChainId);
        Assert.Equal(9UL, decoded.Nonce);
        Assert.Equal(To, decoded.To);
        Assert.Equal(tx.SigningHash(), decoded.SigningHash);
        Assert.True(decoded.TryRecoverSender(Secp256k1.Default, out var sender));
        Assert.Equal(key.Address, sender);
    }

    [Fact]
    public void EIP1559_transaction_round_trips_through_the_decoder()
    {
        using var key = PrivateKey.Generate();
        var accessList = new[] { new AccessListEntry(To, [Hash32.Zero, Keccak256.Hash("slot"u8)]) };
        var tx = new Eip1559Transaction(31337, 7, 1_000_000_000, 30_000_000_000, 100_000, To, 12345, [1, 2, 3], accessList);
        var signed = tx.Sign(key, Secp256k1.Default);
        Assert.Equal(0x02, signed.Raw[0]);
        Assert.Equal(Keccak256.Hash(signed.Raw), signed.Hash);

        var decoded = RawTransactionDecoder.Decode(signed.Raw);
        Assert.Equal(2, decoded.Type);
        Assert.Equal(31337UL, decoded.ChainId);
        Assert.Equal(7UL, decoded.Nonce);
        Assert.Equal(new BigInteger(1_000_000_000), decoded.MaxPriorityFeePerGas);
        Assert.Equal(new BigInteger(30_000_000_000), decoded.MaxFeePerGas);
        Assert.Null(decoded.GasPrice);
        Assert.Equal(100_000UL, decoded.GasLimit);
        Assert.Equal(new BigInteger(12345), decoded.Value);
        Assert.Equal([1, 2, 3], decoded.Data);
        Assert.Equal(accessList[0].StorageKeys, decoded.AccessList[0].StorageKeys);
        Assert.Equal(tx.SigningHash(), decoded.SigningHash);
        Assert.True(decoded.TryRecoverSender(Secp256k1.Default, out var sender));
        Assert.Equal(key.Address, sender);
    }

    [Fact]
    public void Contract_creation_has_no_recipient()
    {
        using var key = PrivateKey.Generate();
        var signed = new Eip1559Transaction(1, 0, 1, 2, 53_000, null, 0, [0x60, 0x00]).Sign(key, Secp256k1.Default);
        Assert.Null(RawTransactionDecoder.Decode(signed.Raw).To);
    }

    [Fact]
    public void EIP2930_transaction_decodes_with_gas_price_and_access_list()
    {
        // Built by hand from the EIP-2930 layout: 0x01 ‖ rlp([chainId, nonce, gasPrice, gas, to, value, data, accessList, yParity, r, s]).
        using var key = PrivateKey.Generate();
        var fields = new List<byte[]>
        {
            Rlp.EncodeUnsigned(5UL), Rlp.EncodeUnsigned(3UL), Rlp.EncodeUnsigned(1_000UL), Rlp.EncodeUnsigned(21_000UL),
            Rlp.EncodeBytes(To.AsSpan()), Rlp.EncodeUnsigned(1UL), Rlp.EncodeBytes([]),
            Rlp.EncodeList(Rlp.EncodeList(Rlp.EncodeBytes(To.AsSpan()), Rlp.EncodeList())),
        };
        var signingHash = Keccak256.Hash([0x01, .. Rlp.EncodeList(fields)]);
        var signature = Secp256k1.Default.Sign(signingHash.AsSpan(), key);
        fields.Add(Rlp.EncodeUnsigned((ulong)(signature[64] - 27)));
        fields.Add(Rlp.EncodeUnsigned(new BigInteger(signature.AsSpan(0, 32), isUnsigned: true, isBigEndian: true)));
        fields.Add(Rlp.EncodeUnsigned(new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true)));
        byte[] raw = [0x01, .. Rlp.EncodeList(fields)];

        var decoded = RawTransactionDecoder.Decode(raw);
        Assert.Equal(1, decoded.Type);
        Assert.Equal(5UL, decoded.ChainId);
        Assert.Equal(new BigInteger(1_000), decoded.GasPrice);
        Assert.Single(decoded.AccessList);
        Assert.Equal(signingHash, decoded.SigningHash);
        Assert.True(decoded.TryRecoverSender(Secp256k1.Default, out var sender));
        Assert.Equal(key.Address, sender);
    }

    [Fact]
    public void Pre_EIP155_legacy_transaction_has_no_chain_id()
    {
        using var key = PrivateKey.Generate();
        var fields = new List<byte[]>
        {
            Rlp.EncodeUnsigned(0UL), Rlp.EncodeUnsigned(1UL), Rlp.EncodeUnsigned(21_000UL), Rlp.EncodeBytes(To.AsSpan()),
            Rlp.EncodeUnsigned(0UL), Rlp.EncodeBytes([]),
        };
        var signature = Secp256k1.Default.Sign(Keccak256.Hash(Rlp.EncodeList(fields)).AsSpan(), key);
        fields.Add(Rlp.EncodeUnsigned((ulong)signature[64]));
        fields.Add(Rlp.EncodeBytes(signature.AsSpan(0, 32).TrimStart((byte)0)));
        fields.Add(Rlp.EncodeBytes(signature.AsSpan(32, 32).TrimStart((byte)0)));

        var decoded = RawTransactionDecoder.Decode(Rlp.EncodeList(fields));
        Assert.Null(decoded.ChainId);
        Assert.True(decoded.TryRecoverSender(Secp256k1.Default, out var sender));
        Assert.Equal(key.Address, sender);
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("0x03c0")] // blob transactions are not ours to decode
    [InlineData("0x02c0")] // empty field list
    [InlineData("0x02")]
    [InlineData("0xc0")]
    [InlineData("0x7f")]
    public void Malformed_raw_transactions_are_refused(string hex)
    {
        Assert.Throws<EvmDecodingException>(() => RawTransactionDecoder.Decode(Hex.Decode(hex)));
    }

    [Fact]
    public void Negative_amounts_are_refused_at_signing()
    {
        using var key = PrivateKey.Generate();
        var tx = new Eip1559Transaction(1, 0, 1, 2, 21_000, To, -1, []);
        Assert.Throws<ArgumentOutOfRangeException>(() => tx.Sign(key, Secp256k1.Default));
    }
}
