using Billing.Evm.Tests.Support;
using Billing.Evm.Transactions;
using CsCheck;

namespace Billing.Evm.Tests.Transactions;

/// <summary>Random and mutated bytes: the RLP and transaction decoders either decode or refuse with the typed exception.</summary>
public class TransactionFuzzTests
{
    private static readonly byte[] ValidTransaction = CreateValidTransaction();

    [Fact]
    public void Rlp_decoder_never_fails_untyped_on_random_bytes()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            if (Refusal.DecodesOrRefuses(() => Rlp.Decode(bytes)))
            {
                // Whatever decodes is canonical, so it re-encodes to the same bytes.
                Assert.Equal(bytes, Rlp.Encode(Rlp.Decode(bytes)));
            }
        }, iter: 5000);
    }

    [Fact]
    public void Rlp_round_trips_random_trees()
    {
        var leaf = Gen.Byte.Array[0, 70].Select(bytes => RlpItem.FromBytes(bytes));
        var tree = leaf.Array[0, 5].Select(items => RlpItem.FromItems(items)).Array[0, 4].Select(items => RlpItem.FromItems(items));
        tree.Sample(item =>
        {
            var encoded = Rlp.Encode(item);
            Assert.Equal(encoded, Rlp.Encode(Rlp.Decode(encoded)));
        }, iter: 1000);
    }

    [Fact]
    public void Raw_transaction_decoder_refuses_truncations_and_mutations_typed()
    {
        for (var length = 0; length < ValidTransaction.Length; length++)
        {
            var truncated = ValidTransaction[..length];
            Assert.Throws<EvmDecodingException>(() => RawTransactionDecoder.Decode(truncated));
        }

        Gen.Select(Gen.Int[0, ValidTransaction.Length - 1], Gen.Byte).Sample((position, value) =>
        {
            var mutated = (byte[])ValidTransaction.Clone();
            mutated[position] = value;
            Refusal.DecodesOrRefuses(() => RawTransactionDecoder.Decode(mutated).TryRecoverSender(Secp256k1.Default, out _));
        }, iter: 3000);

        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            Refusal.DecodesOrRefuses(() => RawTransactionDecoder.Decode([0x02, .. bytes]));
        }, iter: 3000);
    }

    [Fact]
    public void Oversized_input_is_refused_quickly()
    {
        var huge = new byte[2_000_000];
        huge[0] = 0xF9; // a list claiming 0xFFFF bytes of payload inside a 2 MB buffer: fine, but its items are garbage
        huge[1] = 0xFF;
        huge[2] = 0xFF;
        Assert.Throws<EvmDecodingException>(() => Rlp.Decode(huge));
    }

    private static byte[] CreateValidTransaction()
    {
        using var key = PrivateKey.Generate();
        return new Eip1559Transaction(1, 3, 1, 2, 21_000, Address.Zero, 5, [1, 2, 3]).Sign(key, Secp256k1.Default).Raw;
    }
}
