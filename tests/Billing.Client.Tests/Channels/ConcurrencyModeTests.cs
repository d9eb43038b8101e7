using Billing.Client.Channels;

namespace Billing.Client.Tests.Channels;

public sealed class ConcurrencyModeTests
{
    [Fact]
    public void Queue_is_one_channel()
    {
        Assert.Equal(1, ConcurrencyMode.Queue.Channels);
        Assert.Equal(ConcurrencyMode.Queue, ConcurrencyMode.SpreadOverChannels(1));
        Assert.Equal(4, ConcurrencyMode.SpreadOverChannels(4).Channels);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(ConcurrencyMode.MaxChannels + 1)]
    public void A_channel_count_outside_the_range_is_refused(int channels)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConcurrencyMode.SpreadOverChannels(channels));
    }
}
