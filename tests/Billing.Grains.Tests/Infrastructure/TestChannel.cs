using System.Security.Cryptography;
using Billing.Abstractions.Channels;
using Billing.Evm;
using Billing.Evm.BatchSettlement;

namespace Billing.Grains.Tests.Infrastructure;

/// <summary>
/// What an agent holds for one channel: a config with a random salt (so every test gets a channel of its own), the real
/// channel id derived from it, and the payer authorizer's key, which signs vouchers exactly as a client signs them.
/// </summary>
public sealed class TestChannel : IDisposable
{
    private static readonly Address Receiver = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static readonly Address Token = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    private readonly BatchSettlementDomain _domain;
    private readonly Hash32 _id;

    public TestChannel(BatchSettlementDomain domain)
    {
        _domain = domain;
        Authorizer = PrivateKey.Generate();
        var terms = new ChannelConfig(
            Authorizer.Address, Authorizer.Address, Receiver, Receiver, Token, WithdrawDelay: 3_600, new Hash32(RandomNumberGenerator.GetBytes(Hash32.Size)));
        _id = domain.ChannelId(terms);
        Id = _id.ToString();
        Config = new ChannelConfigMessage(
            terms.Payer.ToString(),
            terms.PayerAuthorizer.ToString(),
            terms.Receiver.ToString(),
            terms.ReceiverAuthorizer.ToString(),
            terms.Token.ToString(),
            terms.WithdrawDelay,
            terms.Salt.ToString());
    }

    /// <summary>The channel id as grains are keyed: 0x and 64 lower-case hex digits.</summary>
    public string Id { get; }

    public ChannelConfigMessage Config { get; }

    /// <summary>The channel's payer authorizer: the only key whose vouchers the channel may accept.</summary>
    public PrivateKey Authorizer { get; }

    /// <summary>A signature over Voucher(channelId, maxClaimableAmount) in the contract's EIP-712 domain.</summary>
    public byte[] Sign(UInt128 maxClaimableAmount, PrivateKey? signer = null) =>
        Secp256k1.Default.Sign(_domain.VoucherDigest(_id, maxClaimableAmount).AsSpan(), signer ?? Authorizer);

    /// <summary>A paid request: reserve <paramref name="ceiling"/> on a voucher for <paramref name="signedMaxClaimable"/>.</summary>
    public VoucherPresentation Pay(string requestId, UInt128 signedMaxClaimable, UInt128 ceiling, PrivateKey? signer = null) =>
        new(requestId, Config, signedMaxClaimable, Sign(signedMaxClaimable, signer), ceiling);

    public void Dispose() => Authorizer.Dispose();
}
