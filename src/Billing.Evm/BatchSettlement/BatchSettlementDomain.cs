using System.Numerics;
using Billing.Evm.Abi;
using Billing.Evm.Eip712;

namespace Billing.Evm.BatchSettlement;

/// <summary>
/// The batch-settlement contract's EIP-712 domain on one chain at one address, and the digests it checks: channel id,
/// voucher, refund and claim batch. The voucher digest is on the request hot path and allocates only its result (or
/// nothing, through <see cref="WriteVoucherDigest"/>).
/// </summary>
public sealed class BatchSettlementDomain
{
    private readonly byte[] _separator;

    public BatchSettlementDomain(ulong chainId, Address settlementContract)
    {
        Domain = new Eip712Domain(BatchSettlementTypes.DomainName, BatchSettlementTypes.DomainVersion, chainId, settlementContract);
        _separator = Domain.Separator.ToArray();
    }

    public Eip712Domain Domain { get; }

    public ulong ChainId => Domain.ChainId;

    public Address SettlementContract => Domain.VerifyingContract;

    /// <summary>The channel id: the EIP-712 digest of the config, binding it to this chain and contract.</summary>
    public Hash32 ChannelId(ChannelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.WithdrawDelay > ChannelConfig.MaxWithdrawDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(config), "withdrawDelay is a uint40.");
        }

        Span<byte> encoded = stackalloc byte[8 * AbiWord.Size];
        BatchSettlementTypes.ChannelConfigTypeHash.CopyTo(encoded);
        AbiWord.Write(config.Payer, encoded[32..]);
        AbiWord.Write(config.PayerAuthorizer, encoded[64..]);
        AbiWord.Write(config.Receiver, encoded[96..]);
        AbiWord.Write(config.ReceiverAuthorizer, encoded[128..]);
        AbiWord.Write(config.Token, encoded[160..]);
        AbiWord.Write(config.WithdrawDelay, encoded[192..]);
        config.Salt.CopyTo(encoded[224..]);
        return DigestOf(encoded);
    }

    public Hash32 VoucherDigest(Hash32 channelId, UInt128 maxClaimableAmount)
    {
        var digest = new byte[Keccak256.HashSize];
        WriteVoucherDigest(channelId.AsSpan(), maxClaimableAmount, digest);
        return Hash32.WrapUnsafe(digest);
    }

    /// <summary>Allocation-free voucher digest for the hot path.</summary>
    public void WriteVoucherDigest(ReadOnlySpan<byte> channelId, UInt128 maxClaimableAmount, Span<byte> digest32)
    {
        if (channelId.Length != Hash32.Size)
        {
            throw new ArgumentException("A channel id has 32 bytes.", nameof(channelId));
        }

        Span<byte> encoded = stackalloc byte[3 * AbiWord.Size];
        BatchSettlementTypes.VoucherTypeHash.CopyTo(encoded);
        channelId.CopyTo(encoded[32..]);
        AbiWord.Write(maxClaimableAmount, encoded[64..]);
        Span<byte> structHash = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash(encoded, structHash);
        Eip712Digest.Write(_separator, structHash, digest32);
    }

    public Hash32 RefundDigest(Hash32 channelId, BigInteger nonce, UInt128 amount)
    {
        if (nonce.Sign < 0 || nonce.GetBitLength() > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(nonce), "The refund nonce is a uint256.");
        }

        Span<byte> encoded = stackalloc byte[4 * AbiWord.Size];
        BatchSettlementTypes.RefundTypeHash.CopyTo(encoded);
        channelId.CopyTo(encoded[32..]);
        AbiWord.Write(nonce, encoded[64..]);
        AbiWord.Write(amount, encoded[96..]);
        return DigestOf(encoded);
    }

    /// <summary>EIP-712 array encoding: keccak of the packed entry hashes, then hashStruct(ClaimBatch).</summary>
    public Hash32 ClaimBatchDigest(IReadOnlyList<ClaimEntry> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var entryHashes = new byte[claims.Count * Keccak256.HashSize];
        Span<byte> entry = stackalloc byte[4 * AbiWord.Size];
        BatchSettlementTypes.ClaimEntryTypeHash.CopyTo(entry);
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i] ?? throw new ArgumentException("A claim batch has no null entries.", nameof(claims));
            claim.ChannelId.CopyTo(entry[32..]);
            AbiWord.Write(claim.MaxClaimableAmount, entry[64..]);
            AbiWord.Write(claim.TotalClaimed, entry[96..]);
            Keccak256.Hash(entry, entryHashes.AsSpan(i * Keccak256.HashSize, Keccak256.HashSize));
        }

        Span<byte> batch = stackalloc byte[2 * AbiWord.Size];
        BatchSettlementTypes.ClaimBatchTypeHash.CopyTo(batch);
        Keccak256.Hash(entryHashes, batch[32..]);
        return DigestOf(batch);
    }

    private Hash32 DigestOf(ReadOnlySpan<byte> encodedStruct)
    {
        Span<byte> structHash = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash(encodedStruct, structHash);
        var digest = new byte[Keccak256.HashSize];
        Eip712Digest.Write(_separator, structHash, digest);
        return Hash32.WrapUnsafe(digest);
    }
}
