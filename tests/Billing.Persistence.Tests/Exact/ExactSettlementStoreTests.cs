using Billing.Persistence.Exact;
using Billing.Persistence.Schema;
using Billing.Persistence.Tests.Infrastructure;

namespace Billing.Persistence.Tests.Exact;

/// <summary>The table of exact-scheme authorizations, installed by the migrator, on a real database of each engine.</summary>
public abstract class ExactSettlementStoreTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task An_authorization_is_claimed_once_whatever_the_spelling_of_its_hex()
    {
        await using var database = await CreateDatabaseAsync();
        var store = await StoreAsync(database);
        var key = Key("0xAB");

        Assert.True(await store.TryClaimAsync(key, "2500", PayTo, Now.AddMinutes(5), Now));
        Assert.False(await store.TryClaimAsync(key, "2500", PayTo, Now.AddMinutes(5), Now));
        Assert.False(await store.TryClaimAsync(Key("0xab"), "2500", PayTo, Now.AddMinutes(5), Now));

        var stored = await store.FindAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(ExactSettlementStatus.InFlight, stored.Status);
        Assert.Equal("2500", stored.Amount);
        Assert.Null(stored.TransactionHash);

        // Another nonce, payer, token or chain is another authorization.
        Assert.True(await store.TryClaimAsync(Key("0xac"), "2500", PayTo, Now.AddMinutes(5), Now));
        Assert.True(await store.TryClaimAsync(new ExactAuthorizationKey("eip155:1", key.Asset, key.Payer, key.Nonce), "2500", PayTo, Now, Now));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_authorization_have_one_winner()
    {
        await using var database = await CreateDatabaseAsync();
        var store = await StoreAsync(database);
        var key = Key("0x01");

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.TryClaimAsync(key, "10", PayTo, Now, Now))));

        Assert.Single(claims, won => won);
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again_but_a_sent_one_cannot_be_released()
    {
        await using var database = await CreateDatabaseAsync();
        var store = await StoreAsync(database);
        var released = Key("0x02");
        var sent = Key("0x03");
        await store.TryClaimAsync(released, "10", PayTo, Now, Now);
        await store.TryClaimAsync(sent, "10", PayTo, Now, Now);

        Assert.True(await store.ReleaseAsync(released));
        Assert.Null(await store.FindAsync(released));
        Assert.True(await store.TryClaimAsync(released, "10", PayTo, Now, Now));

        Assert.True(await store.MarkPendingAsync(sent, Transaction, Now.AddSeconds(1)));
        Assert.False(await store.ReleaseAsync(sent));
        var pending = await store.FindAsync(sent);
        Assert.Equal(ExactSettlementStatus.Pending, pending!.Status);
        Assert.Equal(Transaction.ToLowerInvariant(), pending.TransactionHash);
    }

    [Fact]
    public async Task Pending_transfers_are_listed_oldest_first_and_leave_the_list_once_resolved()
    {
        await using var database = await CreateDatabaseAsync();
        var store = await StoreAsync(database);
        var (older, newer, recent, inFlight) = (Key("0x10"), Key("0x11"), Key("0x12"), Key("0x13"));
        foreach (var key in new[] { older, newer, recent, inFlight })
        {
            await store.TryClaimAsync(key, "10", PayTo, Now, Now);
        }

        await store.MarkPendingAsync(newer, Transaction, Now.AddSeconds(2));
        await store.MarkPendingAsync(older, Transaction, Now.AddSeconds(1));
        await store.MarkPendingAsync(recent, Transaction, Now.AddSeconds(30));

        var due = await store.PendingAsync(Now.AddSeconds(10), limit: 10);
        Assert.Equal([older, newer], due.Select(r => r.Key));
        Assert.Single(await store.PendingAsync(Now.AddSeconds(10), limit: 1));

        Assert.True(await store.ResolveAsync(older, ExactSettlementStatus.Settled, Now.AddSeconds(3)));
        Assert.True(await store.ResolveAsync(newer, ExactSettlementStatus.Failed, Now.AddSeconds(3)));

        // Final is final: a second resolver (another silo's reconciler) changes nothing.
        Assert.False(await store.ResolveAsync(older, ExactSettlementStatus.Failed, Now.AddSeconds(4)));
        Assert.Equal(ExactSettlementStatus.Settled, (await store.FindAsync(older))!.Status);
        Assert.Equal(ExactSettlementStatus.Failed, (await store.FindAsync(newer))!.Status);
        Assert.Empty(await store.PendingAsync(Now.AddSeconds(10), limit: 10));
        Assert.Equal([recent], (await store.PendingAsync(Now.AddMinutes(1), limit: 10)).Select(r => r.Key));
    }

    private const string PayTo = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Transaction = "0xABCDEF0000000000000000000000000000000000000000000000000000000001";

    private static ExactAuthorizationKey Key(string nonce) =>
        new("eip155:31337", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "0x90F79bf6EB2c4f870365E785982E1f101E93b906", nonce);

    private static async Task<ExactSettlementStore> StoreAsync(TestDatabase database)
    {
        await StorageMigrator.ApplyAsync(database.Provider, database.ConnectionString);
        return new ExactSettlementStore(database.Provider, database.ConnectionString);
    }
}
