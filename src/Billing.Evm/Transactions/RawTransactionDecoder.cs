using System.Numerics;

namespace Billing.Evm.Transactions;

/// <summary>Decodes raw signed transactions of types 0, 1 and 2; anything else is refused with <see cref="EvmDecodingException"/>.</summary>
public static class RawTransactionDecoder
{
    public static DecodedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            throw new EvmDecodingException("A raw transaction is empty.");
        }

        var hash = Keccak256.Hash(raw);
        return raw[0] switch
        {
            >= 0xC0 => DecodeLegacy(raw, hash),
            0x01 => DecodeTyped(raw, hash, type: 1),
            0x02 => DecodeTyped(raw, hash, type: 2),
            _ => throw new EvmDecodingException($"Transaction type 0x{raw[0]:x2} is not supported."),
        };
    }

    private static DecodedTransaction DecodeLegacy(ReadOnlySpan<byte> raw, Hash32 hash)
    {
        var fields = RequireFields(Rlp.Decode(raw), 9);
        var v = fields[6].ToUnsigned();
        ulong? chainId;
        byte yParity;
        var unsigned = fields.Take(6).Select(Rlp.Encode).ToList();
        if (v == 27 || v == 28)
        {
            chainId = null;
            yParity = (byte)(v - 27);
        }
        else if (v >= 35)
        {
            var id = (v - 35) / 2;
            if (id > ulong.MaxValue)
            {
                throw new EvmDecodingException("Legacy transaction chain id does not fit 64 bits.");
            }

            chainId = (ulong)id;
            yParity = (byte)((v - 35) % 2);
            unsigned.Add(Rlp.EncodeUnsigned(chainId.Value));
            unsigned.Add(Rlp.EncodeUnsigned(0UL));
            unsigned.Add(Rlp.EncodeUnsigned(0UL));
        }
        else
        {
            throw new EvmDecodingException($"Legacy transaction v = {v} is neither 27/28 nor EIP-155.");
        }

        return new DecodedTransaction
        {
            Type = 0,
            ChainId = chainId,
            Nonce = fields[0].ToUInt64(),
            GasPrice = fields[1].ToUnsigned(),
            GasLimit = fields[2].ToUInt64(),
            To = fields[3].ToOptionalAddress(),
            Value = fields[4].ToUnsigned(),
            Data = fields[5].Bytes.ToArray(),
            AccessList = [],
            YParity = yParity,
            R = TransactionFields.DecodeScalar(fields[7]),
            S = TransactionFields.DecodeScalar(fields[8]),
            Hash = hash,
            SigningHash = Keccak256.Hash(Rlp.EncodeList(unsigned)),
        };
    }

    private static DecodedTransaction DecodeTyped(ReadOnlySpan<byte> raw, Hash32 hash, byte type)
    {
        var count = type == 1 ? 11 : 12;
        var fields = RequireFields(Rlp.Decode(raw[1..]), count);
        var unsignedList = Rlp.EncodeList(fields.Take(count - 3).Select(Rlp.Encode).ToArray());
        var signingPayload = new byte[1 + unsignedList.Length];
        signingPayload[0] = type;
        unsignedList.CopyTo(signingPayload, 1);

        var yParity = fields[count - 3].ToUnsigned(maxBytes: 1);
        if (yParity > 1)
        {
            throw new EvmDecodingException("Typed transaction yParity must be 0 or 1.");
        }

        var shift = type == 1 ? 0 : 1;
        return new DecodedTransaction
        {
            Type = type,
            ChainId = fields[0].ToUInt64(),
            Nonce = fields[1].ToUInt64(),
            GasPrice = type == 1 ? fields[2].ToUnsigned() : null,
            MaxPriorityFeePerGas = type == 2 ? fields[2].ToUnsigned() : null,
            MaxFeePerGas = type == 2 ? fields[3].ToUnsigned() : null,
            GasLimit = fields[3 + shift].ToUInt64(),
            To = fields[4 + shift].ToOptionalAddress(),
            Value = fields[5 + shift].ToUnsigned(),
            Data = fields[6 + shift].Bytes.ToArray(),
            AccessList = TransactionFields.DecodeAccessList(fields[7 + shift]),
            YParity = (byte)yParity,
            R = TransactionFields.DecodeScalar(fields[count - 2]),
            S = TransactionFields.DecodeScalar(fields[count - 1]),
            Hash = hash,
            SigningHash = Keccak256.Hash(signingPayload),
        };
    }

    private static IReadOnlyList<RlpItem> RequireFields(RlpItem item, int count)
    {
        if (!item.IsList || item.Items.Count != count)
        {
            throw new EvmDecodingException($"Expected an RLP list of {count} transaction fields.");
        }

        return item.Items;
    }
}
