using System.Numerics;

namespace Billing.Evm.Transactions;

/// <summary>RLP field encoders and decoders shared by the transaction types.</summary>
internal static class TransactionFields
{
    public static byte[] EncodeTo(Address? to) => Rlp.EncodeBytes(to is { } address ? address.AsSpan() : []);

    public static byte[] EncodeAccessList(IReadOnlyList<AccessListEntry>? accessList) =>
        Rlp.EncodeList((accessList ?? []).Select(entry => Rlp.EncodeList(
            Rlp.EncodeBytes(entry.Address.AsSpan()),
            Rlp.EncodeList(entry.StorageKeys.Select(key => Rlp.EncodeBytes(key.AsSpan())).ToArray()))).ToArray());

    public static IReadOnlyList<AccessListEntry> DecodeAccessList(RlpItem item) =>
        item.Items.Select(entry =>
        {
            var parts = entry.Items;
            if (parts.Count != 2)
            {
                throw new EvmDecodingException("An access list entry has an address and a list of storage keys.");
            }

            var address = parts[0].ToOptionalAddress() ?? throw new EvmDecodingException("An access list address is empty.");
            var keys = parts[1].Items.Select(key => key.Bytes.Length == Hash32.Size
                ? new Hash32(key.Bytes)
                : throw new EvmDecodingException("A storage key has 32 bytes.")).ToArray();
            return new AccessListEntry(address, keys);
        }).ToArray();

    /// <summary>Scalars r and s as RLP integers (no leading zeros).</summary>
    public static byte[] EncodeScalar(ReadOnlySpan<byte> scalar32) =>
        Rlp.EncodeUnsigned(new BigInteger(scalar32, isUnsigned: true, isBigEndian: true));

    public static byte[] DecodeScalar(RlpItem item)
    {
        var value = item.ToUnsigned(maxBytes: 32);
        var scalar = new byte[32];
        value.TryWriteBytes(scalar.AsSpan(32 - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return scalar;
    }

    public static void RequireNonNegative(BigInteger value, string name)
    {
        if (value.Sign < 0 || value.GetBitLength() > 256)
        {
            throw new ArgumentOutOfRangeException(name, "Transaction amounts are uint256.");
        }
    }
}
