using Billing.Evm.BatchSettlement;

namespace Billing.Evm.Tests.BatchSettlement;

/// <summary>Golden vectors from reference/batch-settlement.md §1.3 (computed with viem and a hand-written abi.encode path).</summary>
public class BatchSettlementDomainTests
{
    internal static readonly Address Payer = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    internal static readonly Address Receiver = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    internal static readonly Address ReceiverAuthorizer = Address.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    internal static readonly Address Token = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    internal static readonly Address Canonical = Address.Parse("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003");

    internal static readonly ChannelConfig GoldenConfig = new(Payer, Payer, Receiver, ReceiverAuthorizer, Token, 900, Hash32.Zero);

    private readonly BatchSettlementDomain _domain = new(31337, Canonical);

    [Fact]
    public void Domain_separator_matches_golden_vector()
    {
        Assert.Equal("0xbf720f8d28a5c76a2f7743512598984fa4b90dd1efdb19af73f64cc6587d68af", _domain.Domain.Separator.ToString());
    }

    [Fact]
    public void Channel_id_matches_golden_vector()
    {
        Assert.Equal("0x3dba7b750189e416712e643b7f71b0f6a79d0cce7f84596a48d48205120ffbce", _domain.ChannelId(GoldenConfig).ToString());
    }

    [Fact]
    public void Channel_id_is_not_the_plain_keccak_of_the_config()
    {
        // The contract's stale header comment says keccak256(abi.encode(config)); the real id is the EIP-712 digest.
        var encoded = Billing.Evm.Abi.AbiEncoder.Encode(
            Billing.Evm.Abi.AbiType.Parse("(address,address,address,address,address,uint40,bytes32)"),
            new object?[] { Payer, Payer, Receiver, ReceiverAuthorizer, Token, 900UL, Hash32.Zero });
        Assert.NotEqual(Keccak256.Hash(encoded), _domain.ChannelId(GoldenConfig));
    }

    [Fact]
    public void Channel_id_depends_on_chain_and_contract()
    {
        var otherChain = new BatchSettlementDomain(8453, Canonical);
        var otherContract = new BatchSettlementDomain(31337, Token);
        Assert.NotEqual(_domain.ChannelId(GoldenConfig), otherChain.ChannelId(GoldenConfig));
        Assert.NotEqual(_domain.ChannelId(GoldenConfig), otherContract.ChannelId(GoldenConfig));
    }

    [Fact]
    public void Voucher_digest_matches_golden_prefix_and_suffix()
    {
        var digest = _domain.VoucherDigest(_domain.ChannelId(GoldenConfig), 1000).ToString();
        AssertTruncated("0xd48e132c", "463053", digest);
    }

    [Fact]
    public void Voucher_digest_span_form_equals_allocating_form()
    {
        var channelId = _domain.ChannelId(GoldenConfig);
        Span<byte> digest = stackalloc byte[32];
        _domain.WriteVoucherDigest(channelId.AsSpan(), 1000, digest);
        Assert.Equal(_domain.VoucherDigest(channelId, 1000).ToArray(), digest.ToArray());
        Assert.NotEqual(_domain.VoucherDigest(channelId, 1001), _domain.VoucherDigest(channelId, 1000));
    }

    [Fact]
    public void Refund_digest_matches_golden_prefix_and_suffix()
    {
        AssertTruncated("0x593c3d5f", "fda980", _domain.RefundDigest(_domain.ChannelId(GoldenConfig), 0, 500).ToString());
    }

    [Fact]
    public void Claim_batch_digest_matches_golden_prefix_and_suffix()
    {
        var entry = new ClaimEntry(_domain.ChannelId(GoldenConfig), 1000, 700);
        AssertTruncated("0x2c402909", "8a57a7", _domain.ClaimBatchDigest([entry]).ToString());
    }

    [Fact]
    public void Claim_batch_digest_of_empty_batch_is_defined()
    {
        var empty = _domain.ClaimBatchDigest([]);
        Assert.NotEqual(Hash32.Zero, empty);
        Assert.NotEqual(empty, _domain.ClaimBatchDigest([new ClaimEntry(Hash32.Zero, 0, 0)]));
    }

    [Fact]
    public void Erc3009_deposit_nonce_matches_golden_prefix_and_suffix()
    {
        AssertTruncated("0xc411b8a3", "64e622", Erc3009.DepositNonce(_domain.ChannelId(GoldenConfig), 1).ToString());
    }

    [Theory]
    [InlineData(BatchSettlementTypes.ChannelConfig, "0x1c9a06ce", "5db308")]
    [InlineData(BatchSettlementTypes.Voucher, "0x1e1bd6ff", "609a69")]
    [InlineData(BatchSettlementTypes.Refund, "0xbe23ad08", "4bb216")]
    [InlineData(BatchSettlementTypes.ClaimEntry, "0x30b9a036", "8b0cf5")]
    [InlineData(BatchSettlementTypes.ClaimBatch, "0x42bd57c0", "fd6d57")]
    public void Type_hashes_match_golden_prefix_and_suffix(string typeString, string prefix, string suffix)
    {
        AssertTruncated(prefix, suffix, Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(typeString)).ToString());
    }

    [Fact]
    public void Withdraw_delay_beyond_uint40_is_refused()
    {
        var config = GoldenConfig with { WithdrawDelay = 1UL << 40 };
        Assert.Throws<ArgumentOutOfRangeException>(() => _domain.ChannelId(config));
    }

    private static void AssertTruncated(string prefix, string suffix, string actual)
    {
        Assert.Equal(66, actual.Length);
        Assert.StartsWith(prefix, actual, StringComparison.Ordinal);
        Assert.EndsWith(suffix, actual, StringComparison.Ordinal);
    }
}
