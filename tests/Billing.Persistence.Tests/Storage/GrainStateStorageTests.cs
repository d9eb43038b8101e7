using Billing.Persistence.Tests.Grains;
using Billing.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace Billing.Persistence.Tests.Storage;

/// <summary>Grain state through a real silo and a real database; each engine runs the same facts.</summary>
public abstract class GrainStateStorageTests<TFixture>(TFixture store)
    where TFixture : StoreFixture
{
    private static readonly string LedgerStateType = StoredStateRows.StateType(LedgerProbeGrain.GrainTypeName, LedgerProbeGrain.StateName);
    private static readonly string SettlementStateType = StoredStateRows.StateType(SettlementProbeGrain.GrainTypeName, LedgerProbeGrain.StateName);

    // Far beyond 64 bits: money is UInt128 end to end and must come back exact.
    private static readonly UInt128 LargeAmount = UInt128.MaxValue - 12_345;

    [Fact]
    public async Task Written_state_survives_deactivation_and_is_one_versioned_row()
    {
        var key = NewKey();
        var grain = store.Client.GetGrain<ILedgerProbeGrain>(key);

        var written = await grain.WriteAsync(LargeAmount, "first charge");
        Assert.True(written.RecordExists);
        Assert.Equal("1", written.Etag);

        await grain.DeactivateAsync();
        var reloaded = await store.Client.GetGrain<ILedgerProbeGrain>(key).ReadAsync();
        Assert.Equal(new LedgerSnapshot(LargeAmount, "first charge", RecordExists: true, Etag: "1"), reloaded);

        var row = await store.Rows.SingleAsync(key);
        Assert.Equal(LedgerStateType, row.GrainTypeString);
        Assert.Equal(StoredStateRows.StoredKey(key), row.GrainIdExtensionString);
        Assert.Equal(1, row.Version);
        var payload = StoreFixture.DecodePayload(Assert.IsType<byte[]>(row.PayloadBinary));
        Assert.Equal(LargeAmount, payload.Committed);
        Assert.Equal("first charge", payload.Note);

        var rewritten = await grain.WriteAsync(7, "second charge");
        Assert.Equal("2", rewritten.Etag);
        Assert.Equal(2, (await store.Rows.SingleAsync(key)).Version);
    }

    [Fact]
    public async Task Reading_a_grain_that_never_wrote_returns_defaults_and_stores_nothing()
    {
        var key = NewKey();

        var snapshot = await store.Client.GetGrain<ILedgerProbeGrain>(key).ReadAsync();

        Assert.Equal(new LedgerSnapshot(UInt128.Zero, "", RecordExists: false, Etag: null), snapshot);
        Assert.Empty(await store.Rows.ForKeyAsync(key));
    }

    [Fact]
    public async Task Write_over_a_version_moved_by_another_writer_throws_and_leaves_the_row_alone()
    {
        var key = NewKey();
        var grain = store.Client.GetGrain<ILedgerProbeGrain>(key);
        await grain.WriteAsync(100, "acknowledged");
        await store.Rows.BumpVersionAsync(key);
        var before = await store.Rows.SingleAsync(key);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.WriteAsync(999, "stale writer"));

        var after = await store.Rows.SingleAsync(key);
        Assert.Equal(2, after.Version);
        Assert.Equal(before.PayloadBinary, after.PayloadBinary);
        Assert.Equal("acknowledged", StoreFixture.DecodePayload(after.PayloadBinary!).Note);
    }

    [Fact]
    public async Task Clear_drops_the_payload_keeps_the_row_and_a_later_write_continues_the_versions()
    {
        var key = NewKey();
        var grain = store.Client.GetGrain<ILedgerProbeGrain>(key);
        await grain.WriteAsync(500, "to be cleared");

        var cleared = await grain.ClearAsync();

        Assert.Equal(UInt128.Zero, cleared.Committed);
        Assert.False(cleared.RecordExists);
        Assert.Equal("2", cleared.Etag);
        var row = await store.Rows.SingleAsync(key);
        Assert.Null(row.PayloadBinary);
        Assert.Equal(2, row.Version);

        await grain.DeactivateAsync();
        var reloaded = await store.Client.GetGrain<ILedgerProbeGrain>(key).ReadAsync();
        Assert.Equal(UInt128.Zero, reloaded.Committed);
        Assert.Equal("", reloaded.Note);

        var rewritten = await grain.WriteAsync(3, "after clear");
        Assert.Equal("3", rewritten.Etag);
        Assert.Equal(3, (await store.Rows.SingleAsync(key)).Version);
    }

    [Fact]
    public async Task Two_grain_classes_with_the_same_key_and_state_name_keep_separate_rows()
    {
        var key = NewKey();
        await store.Client.GetGrain<ILedgerProbeGrain>(key).WriteAsync(11, "ledger");
        await store.Client.GetGrain<ISettlementProbeGrain>(key).WriteAsync(22, "settlement");

        await store.Client.GetGrain<ILedgerProbeGrain>(key).DeactivateAsync();
        await store.Client.GetGrain<ISettlementProbeGrain>(key).DeactivateAsync();

        var ledger = await store.Client.GetGrain<ILedgerProbeGrain>(key).ReadAsync();
        var settlement = await store.Client.GetGrain<ISettlementProbeGrain>(key).ReadAsync();
        Assert.Equal((11, "ledger"), ((int)ledger.Committed, ledger.Note));
        Assert.Equal((22, "settlement"), ((int)settlement.Committed, settlement.Note));

        var rows = await store.Rows.ForKeyAsync(key);
        Assert.Equal([LedgerStateType, SettlementStateType], rows.Select(r => r.GrainTypeString).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(1, r.Version));
    }

    [Theory]
    [InlineData("020235", "20235")] // the same integer once leading zeros are dropped
    [InlineData("abc", "ABC")] // the same integer read as hexadecimal
    [InlineData("0000000000000000000000000000000a", "0000000000000000000000000000000A")] // the same GUID
    public async Task Keys_that_parse_as_the_same_number_keep_separate_rows(string first, string second)
    {
        await store.Client.GetGrain<ILedgerProbeGrain>(first).WriteAsync(1, first);
        await store.Client.GetGrain<ILedgerProbeGrain>(second).WriteAsync(2, second);

        await store.Client.GetGrain<ILedgerProbeGrain>(first).DeactivateAsync();
        await store.Client.GetGrain<ILedgerProbeGrain>(second).DeactivateAsync();

        Assert.Equal(first, (await store.Client.GetGrain<ILedgerProbeGrain>(first).ReadAsync()).Note);
        Assert.Equal(second, (await store.Client.GetGrain<ILedgerProbeGrain>(second).ReadAsync()).Note);
        foreach (var key in new[] { first, second })
        {
            var row = await store.Rows.SingleAsync(key);
            Assert.Equal(StoredStateRows.StoredKey(key), row.GrainIdExtensionString);
            Assert.Equal((0L, 0L), (row.GrainIdN0, row.GrainIdN1)); // never parsed into the numeric columns
        }
    }

    [Fact]
    public async Task Many_grains_writing_at_once_all_succeed()
    {
        var keys = Enumerable.Range(0, 24).Select(_ => NewKey()).ToArray();

        await Task.WhenAll(keys.Select(async key =>
        {
            var grain = store.Client.GetGrain<ILedgerProbeGrain>(key);
            for (var write = 1; write <= 4; write++)
            {
                await grain.WriteAsync((UInt128)write, key);
            }
        }));

        foreach (var key in keys)
        {
            var row = await store.Rows.SingleAsync(key);
            Assert.Equal(4, row.Version);
            Assert.Equal((UInt128)4, StoreFixture.DecodePayload(row.PayloadBinary!).Committed);
        }
    }

    [Fact]
    public void Channel_store_is_also_the_default_storage()
    {
        var channels = store.SiloServices.GetRequiredKeyedService<IGrainStorage>(BillingStorage.ChannelStore);

        Assert.Same(channels, store.SiloServices.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        Assert.Same(channels, store.SiloServices.GetRequiredService<IGrainStorage>());
    }

    private static string NewKey() => $"ch-{Guid.NewGuid():N}";
}
