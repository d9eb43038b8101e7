using System.Text;
using Billing.Evm;
using Billing.Evm.BatchSettlement;

namespace Billing.Benchmarks;

/// <summary>
/// One funded batch-settlement channel on Base Sepolia, the same in every benchmark and every run: a payer whose
/// authorizer key is derived from a fixed label (a benchmark-only key, never a real account), the canonical settlement
/// contract and a salt chosen by the caller so that claim batches can hold many distinct channels.
/// </summary>
public sealed class BenchmarkChannel : IDisposable
{
    public const ulong ChainId = 84532;
    public const string Network = "eip155:84532";
    public const ulong WithdrawDelaySeconds = 900;

    /// <summary>Base Sepolia USDC.</summary>
    public static readonly Address Token = Address.Parse("0x036CbD53842c5426634e7929541eC2318f3dCF7e");

    public static readonly Address SettlementContract = Address.Parse("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003");

    public BenchmarkChannel(int salt = 0)
    {
        Authorizer = PrivateKey.FromBytes(Keccak256.Hash(Encoding.ASCII.GetBytes("billing-benchmarks payer authorizer")).AsSpan());
        Receiver = AddressFromLabel("billing-benchmarks receiver");
        ReceiverAuthorizer = AddressFromLabel("billing-benchmarks receiver authorizer");
        Domain = new BatchSettlementDomain(ChainId, SettlementContract);

        Span<byte> saltBytes = stackalloc byte[Hash32.Size];
        BitConverter.TryWriteBytes(saltBytes[^sizeof(int)..], salt);
        Config = new ChannelConfig(
            Payer: Authorizer.Address,
            PayerAuthorizer: Authorizer.Address,
            Receiver: Receiver,
            ReceiverAuthorizer: ReceiverAuthorizer,
            Token: Token,
            WithdrawDelay: WithdrawDelaySeconds,
            Salt: new Hash32(saltBytes));
        Id = Domain.ChannelId(Config);
    }

    public PrivateKey Authorizer { get; }

    public Address Receiver { get; }

    public Address ReceiverAuthorizer { get; }

    public BatchSettlementDomain Domain { get; }

    public ChannelConfig Config { get; }

    public Hash32 Id { get; }

    /// <summary>The payer's 65-byte r‖s‖v signature over Voucher(channelId, maxClaimable).</summary>
    public byte[] SignVoucher(ISecp256k1 curve, UInt128 maxClaimable)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return curve.Sign(Domain.VoucherDigest(Id, maxClaimable).AsSpan(), Authorizer);
    }

    public void Dispose() => Authorizer.Dispose();

    private static Address AddressFromLabel(string label) =>
        new(Keccak256.Hash(Encoding.ASCII.GetBytes(label)).AsSpan()[12..]);
}
