using System.Text.Json;
using Billing.Client.Channels;
using Billing.Evm;

namespace Billing.Client.Tests.Channels;

public sealed class FilePayerChannelStoreTests : IDisposable
{
    private static readonly Hash32 ChannelId = Hash32.Parse("0x" + new string('c', 64));
    private readonly string _directory = Directory.CreateTempSubdirectory("payer-store-").FullName;

    [Fact]
    public async Task A_record_round_trips_through_its_file()
    {
        var store = new FilePayerChannelStore(_directory);
        var record = new PayerChannel(UInt128.MaxValue - 1, UInt128.MaxValue, 123_456_789);

        await store.SetAsync(ChannelId, record, CancellationToken.None);

        Assert.Equal(record, await new FilePayerChannelStore(_directory).GetAsync(ChannelId, CancellationToken.None));
    }

    [Fact]
    public async Task The_file_is_client_slash_channel_id_dot_json_with_decimal_strings()
    {
        var store = new FilePayerChannelStore(_directory);
        await store.SetAsync(ChannelId, new PayerChannel(7_000, 8_000, 50_000), CancellationToken.None);

        var path = Path.Combine(_directory, "client", ChannelId + ".json");
        Assert.Equal(path, store.PathOf(ChannelId));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        Assert.Equal("7000", json.RootElement.GetProperty("chargedCumulativeAmount").GetString());
        Assert.Equal("8000", json.RootElement.GetProperty("signedMaxClaimable").GetString());
        Assert.Equal("50000", json.RootElement.GetProperty("balance").GetString());
        Assert.Equal(ChannelId.ToString(), json.RootElement.GetProperty("channelId").GetString());
    }

    [Fact]
    public async Task An_unknown_channel_has_no_record_and_a_deleted_one_is_gone()
    {
        var store = new FilePayerChannelStore(_directory);
        Assert.Null(await store.GetAsync(ChannelId, CancellationToken.None));

        await store.SetAsync(ChannelId, new PayerChannel(1, 1, 10), CancellationToken.None);
        await store.DeleteAsync(ChannelId, CancellationToken.None);

        Assert.Null(await store.GetAsync(ChannelId, CancellationToken.None));
        Assert.False(File.Exists(store.PathOf(ChannelId)));
        await store.DeleteAsync(ChannelId, CancellationToken.None);
    }

    [Fact]
    public async Task A_torn_temporary_file_from_a_crash_never_replaces_the_good_record()
    {
        var store = new FilePayerChannelStore(_directory);
        var good = new PayerChannel(2_000, 2_000, 10_000);
        await store.SetAsync(ChannelId, good, CancellationToken.None);

        // A crash between writing the temporary file and the rename leaves half a record beside the real one.
        var torn = store.PathOf(ChannelId) + ".3f2a.tmp";
        await File.WriteAllTextAsync(torn, "{\"channelId\":\"0xcc\",\"chargedCumulativeAmo");

        Assert.Equal(good, await new FilePayerChannelStore(_directory).GetAsync(ChannelId, CancellationToken.None));

        var next = new PayerChannel(3_000, 3_000, 10_000);
        await store.SetAsync(ChannelId, next, CancellationToken.None);
        Assert.Equal(next, await store.GetAsync(ChannelId, CancellationToken.None));
    }

    [Fact]
    public async Task A_successful_write_leaves_no_temporary_files()
    {
        var store = new FilePayerChannelStore(_directory);
        for (var i = 1; i <= 5; i++)
        {
            await store.SetAsync(ChannelId, new PayerChannel((ulong)i, (ulong)i, 100), CancellationToken.None);
        }

        Assert.Equal([store.PathOf(ChannelId)], Directory.GetFiles(Path.Combine(_directory, "client")));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"channelId\":\"x\",\"chargedCumulativeAmount\":\"-1\",\"signedMaxClaimable\":\"1\",\"balance\":\"1\"}")]
    [InlineData("{\"channelId\":\"x\",\"chargedCumulativeAmount\":\"007\",\"signedMaxClaimable\":\"7\",\"balance\":\"9\"}")]
    [InlineData("{\"channelId\":\"x\",\"chargedCumulativeAmount\":7,\"signedMaxClaimable\":\"7\",\"balance\":\"9\"}")]
    [InlineData("{\"channelId\":\"x\",\"chargedCumulativeAmount\":\"340282366920938463463374607431768211456\",\"signedMaxClaimable\":\"7\",\"balance\":\"9\"}")]
    public async Task An_unreadable_record_counts_as_none_and_is_not_guessed_at(string content)
    {
        var store = new FilePayerChannelStore(_directory);
        await File.WriteAllTextAsync(store.PathOf(ChannelId), content);

        Assert.Null(await store.GetAsync(ChannelId, CancellationToken.None));
        Assert.True(File.Exists(store.PathOf(ChannelId)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
