using System.Numerics;
using Billing.Evm.Rpc;
using Billing.Evm.Tests.Support;
using Billing.Evm.Transactions;

namespace Billing.Evm.Tests.Rpc;

[Collection(AnvilCollection.Name)]
[Trait("Category", "Anvil")]
public sealed class TransactionSenderTests(AnvilFixture anvil)
{
    [Fact]
    public async Task Concurrent_senders_for_one_account_never_reuse_a_nonce()
    {
        using var key = PrivateKey.Generate();
        await anvil.Rpc.Anvil.SetBalanceAsync(key.Address, BigInteger.Pow(10, 20));
        // Two sender objects for the same account share the per-account nonce lock.
        var first = await TransactionSender.CreateAsync(anvil.Rpc, key, Secp256k1.Default, anvil.FastSenderOptions);
        var second = await TransactionSender.CreateAsync(anvil.Rpc, key, Secp256k1.Default, anvil.FastSenderOptions);
        var recipient = new Address(Keccak256.Hash("concurrent"u8).AsSpan()[..20]);

        var sends = Enumerable.Range(0, 16).Select(i =>
            (i % 2 == 0 ? first : second).SendAsync(new TransactionRequest(recipient, []) { Value = 1, GasLimit = 21_000 }));
        var signed = await Task.WhenAll(sends);

        var nonces = signed.Select(s => RawTransactionDecoder.Decode(s.Raw).Nonce).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (ulong)i), nonces);
        foreach (var transaction in signed)
        {
            Assert.True((await first.WaitForReceiptAsync(transaction.Hash, timeout: TimeSpan.FromSeconds(20))).Succeeded);
        }

        Assert.Equal(new BigInteger(16), await anvil.Rpc.GetBalanceAsync(recipient));
    }

    [Fact]
    public async Task Nonce_too_low_resyncs_from_the_chain_and_sends()
    {
        using var key = PrivateKey.Generate();
        await anvil.Rpc.Anvil.SetBalanceAsync(key.Address, BigInteger.Pow(10, 20));
        var sender = await TransactionSender.CreateAsync(anvil.Rpc, key, Secp256k1.Default, anvil.FastSenderOptions);
        var recipient = new Address(Keccak256.Hash("resync"u8).AsSpan()[..20]);
        await sender.SendAndWaitAsync(new TransactionRequest(recipient, []) { Value = 1 }, timeout: TimeSpan.FromSeconds(20));

        // Another process used nonces 1..4 behind our back.
        await anvil.Rpc.Anvil.SetNonceAsync(key.Address, 5);
        var signed = await sender.SendAsync(new TransactionRequest(recipient, []) { Value = 1 });

        Assert.Equal(5UL, RawTransactionDecoder.Decode(signed.Raw).Nonce);
        Assert.True((await sender.WaitForReceiptAsync(signed.Hash, timeout: TimeSpan.FromSeconds(20))).Succeeded);
    }

    [Fact]
    public async Task Gas_is_estimated_with_margin_and_fees_respect_the_cap()
    {
        using var key = PrivateKey.Generate();
        await anvil.Rpc.Anvil.SetBalanceAsync(key.Address, BigInteger.Pow(10, 20));
        var cap = new BigInteger(3_000_000_000);
        var options = anvil.FastSenderOptions with { GasMarginPercent = 50, MaxFeePerGasCap = cap };
        var sender = await TransactionSender.CreateAsync(anvil.Rpc, key, Secp256k1.Default, options);

        var signed = await sender.SendAsync(new TransactionRequest(new Address(new byte[20]), []) { Value = 1 });
        var decoded = RawTransactionDecoder.Decode(signed.Raw);
        Assert.Equal(31_500UL, decoded.GasLimit); // 21,000 × 1.5
        Assert.True(decoded.MaxFeePerGas <= cap);
        Assert.True(decoded.MaxPriorityFeePerGas <= decoded.MaxFeePerGas);
        await sender.WaitForReceiptAsync(signed.Hash, timeout: TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_reverting_transaction_fails_at_estimation_and_consumes_no_nonce()
    {
        using var key = PrivateKey.Generate();
        await anvil.Rpc.Anvil.SetBalanceAsync(key.Address, BigInteger.Pow(10, 20));
        var target = new Address(Keccak256.Hash("always-reverts"u8).AsSpan()[..20]);
        await anvil.Rpc.Anvil.SetCodeAsync(target, HandWrittenContracts.RevertWith([0xde, 0xad, 0xbe, 0xef]));
        var sender = await TransactionSender.CreateAsync(anvil.Rpc, key, Secp256k1.Default, anvil.FastSenderOptions);

        var ex = await Assert.ThrowsAsync<EvmRevertException>(() => sender.SendAsync(new TransactionRequest(target, [])));
        Assert.Equal("0xdeadbeef", ex.Selector);
        Assert.Equal(0UL, await anvil.Rpc.GetTransactionCountAsync(key.Address));
    }

    [Fact]
    public async Task Receipt_tracker_follows_a_reorg_to_the_new_block()
    {
        using var key = PrivateKey.Generate();
        await anvil.Rpc.Anvil.SetBalanceAsync(key.Address, BigInteger.Pow(10, 20));
        var sender = await TransactionSender.CreateAsync(anvil.Rpc, key, Secp256k1.Default, anvil.FastSenderOptions);
        var signed = await sender.SendAsync(new TransactionRequest(new Address(new byte[20]), []) { Value = 1, GasLimit = 21_000 });
        var original = await sender.WaitForReceiptAsync(signed.Hash, timeout: TimeSpan.FromSeconds(20));

        // Replace the block that holds it with one that holds the same transaction again: same height, new hash.
        await anvil.Rpc.SendAsync("anvil_reorg", [1, new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonArray(signed.RawHex, 0))]);

        var moved = await sender.WaitForReceiptAsync(signed.Hash, timeout: TimeSpan.FromSeconds(20));
        Assert.NotEqual(original.BlockHash, moved.BlockHash);
        var block = await anvil.Rpc.GetBlockByNumberAsync(moved.BlockNumber);
        Assert.Equal(block!.Hash, moved.BlockHash);
    }

    [Fact]
    public async Task Dropped_transaction_is_reported_and_the_nonce_is_resynced()
    {
        using var key = PrivateKey.Generate();
        await anvil.Rpc.Anvil.SetBalanceAsync(key.Address, BigInteger.Pow(10, 20));
        var sender = await TransactionSender.CreateAsync(anvil.Rpc, key, Secp256k1.Default, anvil.FastSenderOptions with { DroppedAfter = TimeSpan.FromMilliseconds(200) });
        await anvil.Rpc.Anvil.SetAutomineAsync(false);
        try
        {
            var signed = await sender.SendAsync(new TransactionRequest(new Address(new byte[20]), []) { Value = 1, GasLimit = 21_000 });
            await anvil.Rpc.Anvil.DropTransactionAsync(signed.Hash);
            await Assert.ThrowsAsync<TransactionDroppedException>(() => sender.WaitForReceiptAsync(signed.Hash, timeout: TimeSpan.FromSeconds(10)));

            // The dropped nonce 0 is reused, not skipped: a gap would stall every later transaction.
            var next = await sender.SendAsync(new TransactionRequest(new Address(new byte[20]), []) { Value = 1, GasLimit = 21_000 });
            Assert.Equal(0UL, RawTransactionDecoder.Decode(next.Raw).Nonce);
        }
        finally
        {
            await anvil.Rpc.Anvil.SetAutomineAsync(true);
        }
    }

    [Fact]
    public async Task A_send_whose_answer_was_lost_is_not_signed_and_sent_a_second_time()
    {
        using var key = PrivateKey.Generate();
        await anvil.Rpc.Anvil.SetBalanceAsync(key.Address, BigInteger.Pow(10, 20));
        using var losing = new LostSendAnswerHandler();
        using var http = new HttpClient(losing);
        var rpc = new EthRpcClient(http, anvil.Rpc.Endpoint, new EthRpcOptions { InitialBackoff = TimeSpan.FromMilliseconds(10) });
        var sender = await TransactionSender.CreateAsync(rpc, key, Secp256k1.Default, anvil.FastSenderOptions);

        // The first attempt is mined (automine) but its answer is lost; the retry of the same bytes meets "nonce too low".
        var signed = await sender.SendAsync(new TransactionRequest(new Address(new byte[20]), []) { Value = 1, GasLimit = 21_000 });

        Assert.Equal(1, losing.Lost);
        Assert.Equal(0UL, RawTransactionDecoder.Decode(signed.Raw).Nonce);
        Assert.True((await sender.WaitForReceiptAsync(signed.Hash, timeout: TimeSpan.FromSeconds(20))).Succeeded);
        // What must not happen: a second transaction, signed anew with the next nonce, for the same request.
        Assert.Equal(1UL, await anvil.Rpc.GetTransactionCountAsync(key.Address, "latest"));
    }

    [Fact]
    public async Task After_a_reorg_forgets_the_last_transaction_the_nonce_is_read_again()
    {
        using var key = PrivateKey.Generate();
        await anvil.Rpc.Anvil.SetBalanceAsync(key.Address, BigInteger.Pow(10, 20));
        var sender = await TransactionSender.CreateAsync(anvil.Rpc, key, Secp256k1.Default, anvil.FastSenderOptions);
        var first = await sender.SendAsync(new TransactionRequest(new Address(new byte[20]), []) { Value = 1, GasLimit = 21_000 });
        await sender.WaitForReceiptAsync(first.Hash, timeout: TimeSpan.FromSeconds(20));

        // The block is replaced by an empty one: the chain no longer knows nonce 0 was used.
        await anvil.Rpc.Anvil.ReorgAsync(1);
        var next = await sender.SendAsync(new TransactionRequest(new Address(new byte[20]), []) { Value = 2, GasLimit = 21_000 });

        // Nonce 1 would wait behind a gap forever; the sender fills the gap instead.
        Assert.Equal(0UL, RawTransactionDecoder.Decode(next.Raw).Nonce);
        Assert.True((await sender.WaitForReceiptAsync(next.Hash, timeout: TimeSpan.FromSeconds(20))).Succeeded);
    }
}
