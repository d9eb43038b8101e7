using Billing.Client.Channels;
using Billing.Evm;

namespace Billing.Client.Tests.Channels;

public sealed class LaneSaltTests
{
    private static readonly Hash32 Base = Hash32.Parse("0x" + new string('a', 64));

    [Fact]
    public void Lane_zero_keeps_the_configured_salt()
    {
        Assert.Equal(Base, LaneSalt.For(Base, 0));
        Assert.Equal(Hash32.Zero, LaneSalt.For(Hash32.Zero, 0));
    }

    [Fact]
    public void Other_lanes_hash_the_base_salt_with_the_index()
    {
        Span<byte> encoded = stackalloc byte[64];
        Base.CopyTo(encoded);
        encoded[63] = 3;
        Assert.Equal(Keccak256.Hash(encoded), LaneSalt.For(Base, 3));
    }

    [Fact]
    public void Lanes_are_distinct_and_the_same_on_every_run()
    {
        var salts = Enumerable.Range(0, ConcurrencyMode.MaxChannels).Select(lane => LaneSalt.For(Base, lane)).ToList();

        Assert.Equal(salts.Count, salts.Distinct().Count());
        Assert.Equal(salts, Enumerable.Range(0, ConcurrencyMode.MaxChannels).Select(lane => LaneSalt.For(Base, lane)));
        Assert.NotEqual(LaneSalt.For(Base, 1), LaneSalt.For(Hash32.Zero, 1));
    }

    [Fact]
    public void A_negative_lane_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LaneSalt.For(Base, -1));
    }
}
