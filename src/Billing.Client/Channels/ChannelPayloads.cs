using System.Security.Cryptography;
using Billing.Client.Payments;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.X402.BatchSettlement;
using Billing.X402.Formats;

namespace Billing.Client.Channels;

/// <summary>Builds and signs the batch-settlement payloads a payer sends: voucher, deposit and refund.</summary>
internal static class ChannelPayloads
{
    public static VoucherPayload Voucher(BoundChannel channel, PayerSigner signer, UInt128 maxClaimable) => new()
    {
        ChannelConfig = channel.ToWire(),
        Voucher = SignedVoucher(channel, signer, maxClaimable),
    };

    /// <summary>
    /// A deposit of <paramref name="amount"/> with the voucher for this request. The ERC-3009 authorization lets the
    /// collector pull exactly that amount from the payer, once: its token nonce is keccak256(channelId, salt) with a
    /// fresh random salt, and it expires after the offer's timeout.
    /// </summary>
    public static DepositPayload Deposit(
        BoundChannel channel, PayerSigner signer, UInt128 maxClaimable, UInt128 amount, Address collector, DateTimeOffset now)
    {
        var salt = RandomNumberGenerator.GetBytes(Hash32.Size);
        var validBefore = now.ToUnixTimeSeconds() + channel.Offer.Requirements.MaxTimeoutSeconds;
        var nonce = Erc3009.DepositNonce(channel.Id, new System.Numerics.BigInteger(salt, isUnsigned: true, isBigEndian: true));
        var authorization = new Erc3009Authorization(signer.Address, collector, amount, 0, validBefore, nonce);
        var signature = signer.SignReceiveWithAuthorization(channel.Offer.TokenDomain(), authorization);
        return new DepositPayload
        {
            ChannelConfig = channel.ToWire(),
            Voucher = SignedVoucher(channel, signer, maxClaimable),
            Deposit = new ChannelDeposit
            {
                Amount = DecimalString.Format(amount),
                Authorization = new DepositAuthorization
                {
                    Erc3009Authorization = new Erc3009DepositAuthorization
                    {
                        ValidAfter = "0",
                        ValidBefore = DecimalString.Format((UInt128)validBefore),
                        Salt = Hex.Encode(salt),
                        Signature = Hex.Encode(signature),
                    },
                },
            },
        };
    }

    /// <summary>A refund request: a zero-charge voucher (max = what was charged) and, optionally, how much to take back.</summary>
    public static RefundPayload Refund(BoundChannel channel, PayerSigner signer, UInt128 charged, UInt128? amount) => new()
    {
        ChannelConfig = channel.ToWire(),
        Voucher = SignedVoucher(channel, signer, charged),
        Amount = amount is { } requested ? DecimalString.Format(requested) : null,
    };

    private static SignedVoucher SignedVoucher(BoundChannel channel, PayerSigner signer, UInt128 maxClaimable) => new()
    {
        ChannelId = channel.Id.ToString(),
        MaxClaimableAmount = DecimalString.Format(maxClaimable),
        Signature = Hex.Encode(signer.SignVoucher(channel.Domain, channel.Id, maxClaimable)),
    };
}
