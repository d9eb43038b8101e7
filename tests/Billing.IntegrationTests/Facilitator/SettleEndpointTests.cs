using System.Net;
using System.Numerics;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.BatchSettlement;

namespace Billing.IntegrationTests.Facilitator;

/// <summary>
/// Issue 6: <c>POST /settle</c> of our facilitator for an authenticated resource server, on a real chain: deposits,
/// claims it signs with its receiver-authorizer key, settles, refunds. Every refusal leaves the chain as it was.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class SettleEndpointTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private FacilitatorHost _host = null!;

    public async Task InitializeAsync() => _host = await FacilitatorHost.StartAsync(chain, withToken: true);

    [Fact]
    public async Task A_deposit_is_executed_once_and_its_replay_moves_nothing()
    {
        var payer = await _host.FundedPayerAsync(50_000);
        var receiver = PrivateKey.Generate().Address;
        var payments = _host.Payments;
        var config = payments.Channel(payer, receiver, _host.Authorizer);
        var body = PaymentBuilder.Body(payments.Offer(receiver, _host.Authorizer, Price), payments.Deposit(config, 20_000, Price, payer, DateTimeOffset.UtcNow.AddMinutes(5)));

        var (status, reply) = await _host.Caller.SettleAsync(body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(reply.Success, $"{reply.ErrorReason}: {reply.ErrorMessage}");
        Assert.Matches("^0x[0-9a-f]{64}$", reply.Transaction);
        Assert.Equal("eip155:31337", reply.Network);
        Assert.Equal(payer.Address.ToString(), reply.Payer);
        Assert.Equal("20000", reply.Amount);
        var state = BatchSettlementExtra.ReadResponseExtra(reply).Value.ChannelState!;
        Assert.Equal(chain.Domain.ChannelId(config).ToString(), state.ChannelId);
        Assert.Equal("20000", state.Balance);
        Assert.Equal("0", state.TotalClaimed);
        var receipt = await chain.Rpc.GetTransactionReceiptAsync(Hash32.Parse(reply.Transaction));
        Assert.True(receipt!.Succeeded);
        Assert.Equal(_host.Authorizer, receipt.From);
        Assert.Equal((UInt128)20_000, (await _host.ChannelAsync(config)).Balance);
        Assert.Equal(new BigInteger(30_000), await _host.BalanceOfAsync(payer.Address));

        // The same authorization again: its ERC-3009 nonce is spent, so the simulation refuses it and nothing moves.
        var (replayStatus, replay) = await _host.Caller.SettleAsync(body);

        Assert.Equal(HttpStatusCode.OK, replayStatus);
        Assert.False(replay.Success);
        Assert.Equal("invalid_batch_settlement_evm_deposit_simulation_failed", replay.ErrorReason);
        Assert.Equal("", replay.Transaction);
        Assert.Equal((UInt128)20_000, (await _host.ChannelAsync(config)).Balance);
        Assert.Equal(new BigInteger(30_000), await _host.BalanceOfAsync(payer.Address));
    }

    [Fact]
    public async Task The_facilitator_signs_a_claim_of_its_own_channels_and_settle_pays_the_receiver_exactly_once()
    {
        var (payer, receiver, config) = await OpenAsync(deposit: 10_000);
        var payments = _host.Payments;
        var manager = payments.ManagerRequirements(receiver);

        // Charged 2,500 under a voucher for 3,000: the claim takes what was charged, not the ceiling.
        var claim = new ClaimPayload { Claims = [payments.ClaimRow(config, 3_000, 2_500, payer)] };
        var (claimStatus, claimed) = await _host.Caller.SettleAsync(PaymentBuilder.Body(manager, claim));

        Assert.Equal(HttpStatusCode.OK, claimStatus);
        Assert.True(claimed.Success, $"{claimed.ErrorReason}: {claimed.ErrorMessage}");
        Assert.Matches("^0x[0-9a-f]{64}$", claimed.Transaction);
        Assert.Equal((UInt128)2_500, (await _host.ChannelAsync(config)).TotalClaimed);
        Assert.Equal(BigInteger.Zero, await _host.BalanceOfAsync(receiver));

        var (settleStatus, settled) = await _host.Caller.SettleAsync(PaymentBuilder.Body(manager, new SettlePayload { Receiver = receiver.ToString(), Token = payments.Token.ToString() }));

        Assert.Equal(HttpStatusCode.OK, settleStatus);
        Assert.True(settled.Success, $"{settled.ErrorReason}: {settled.ErrorMessage}");
        Assert.Equal("2500", settled.Amount);
        Assert.Equal(new BigInteger(2_500), await _host.BalanceOfAsync(receiver));

        // Nothing is owed any more: a failure that spends no gas, not a silent no-op transaction.
        var (_, again) = await _host.Caller.SettleAsync(PaymentBuilder.Body(manager, new SettlePayload { Receiver = receiver.ToString(), Token = payments.Token.ToString() }));

        Assert.False(again.Success);
        Assert.Equal("invalid_batch_settlement_evm_nothing_to_settle", again.ErrorReason);
        Assert.Equal("", again.Transaction);
        Assert.Equal(new BigInteger(2_500), await _host.BalanceOfAsync(receiver));
    }

    [Fact]
    public async Task Claims_the_contract_or_this_key_would_refuse_move_nothing()
    {
        var (payer, receiver, config) = await OpenAsync(deposit: 10_000);
        var payments = _host.Payments;
        var manager = payments.ManagerRequirements(receiver);
        using var stranger = PrivateKey.Generate();

        // A voucher the payer never signed: the simulation finds it.
        var forged = new ClaimPayload { Claims = [payments.ClaimRow(config, 3_000, 3_000, stranger)] };
        var (_, forgedReply) = await _host.Caller.SettleAsync(PaymentBuilder.Body(manager, forged));
        Assert.False(forgedReply.Success);
        Assert.Equal("invalid_batch_settlement_evm_claim_simulation_failed", forgedReply.ErrorReason);

        // More than the channel holds.
        var greedy = new ClaimPayload { Claims = [payments.ClaimRow(config, 10_001, 10_001, payer)] };
        var (_, greedyReply) = await _host.Caller.SettleAsync(PaymentBuilder.Body(manager, greedy));
        Assert.False(greedyReply.Success);
        Assert.Equal("invalid_batch_settlement_evm_claim_simulation_failed", greedyReply.ErrorReason);

        // A channel whose receiver authorizer is someone else's key: this facilitator does not sign for it.
        var foreign = payments.Channel(payer, receiver, stranger.Address);
        var (_, foreignReply) = await _host.Caller.SettleAsync(PaymentBuilder.Body(manager, new ClaimPayload { Claims = [payments.ClaimRow(foreign, 1_000, 1_000, payer)] }));
        Assert.False(foreignReply.Success);
        Assert.Equal("invalid_batch_settlement_evm_authorizer_address_mismatch", foreignReply.ErrorReason);

        // A row claiming above its own voucher is refused before any chain work.
        var (_, aboveCeiling) = await _host.Caller.SettleAsync(PaymentBuilder.Body(manager, new ClaimPayload { Claims = [payments.ClaimRow(config, 1_000, 1_001, payer)] }));
        Assert.False(aboveCeiling.Success);
        Assert.Equal("invalid_payload", aboveCeiling.ErrorReason);

        Assert.Equal(((UInt128)10_000, UInt128.Zero), await _host.ChannelAsync(config));
        Assert.Equal(BigInteger.Zero, await _host.BalanceOfAsync(receiver));
    }

    [Fact]
    public async Task A_refund_claims_the_charges_first_and_returns_only_the_rest_once()
    {
        var (payer, receiver, config) = await OpenAsync(deposit: 10_000);
        var payments = _host.Payments;
        var manager = payments.ManagerRequirements(receiver);
        var payerBefore = await _host.BalanceOfAsync(payer.Address);

        // Charged 3,000; the resource server asks for everything else back, with the claim that protects its 3,000.
        var refund = payments.EnrichedRefund(config, charged: 3_000, amount: 7_000, refundNonce: 0, payer, [payments.ClaimRow(config, 3_000, 3_000, payer)]);
        var (status, reply) = await _host.Caller.SettleAsync(PaymentBuilder.Body(manager, refund));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(reply.Success, $"{reply.ErrorReason}: {reply.ErrorMessage}");
        Assert.Equal("7000", reply.Amount);
        Assert.Equal(payer.Address.ToString(), reply.Payer);
        var state = BatchSettlementExtra.ReadResponseExtra(reply).Value.ChannelState!;
        Assert.Equal("3000", state.Balance);
        Assert.Equal("3000", state.TotalClaimed);
        Assert.Equal("1", state.RefundNonce);
        Assert.Equal(((UInt128)3_000, (UInt128)3_000), await _host.ChannelAsync(config));
        Assert.Equal(payerBefore + 7_000, await _host.BalanceOfAsync(payer.Address));
        Assert.Equal((UInt128)3_000, (await chain.Contract.GetReceiverAsync(receiver, payments.Token)).TotalClaimed);

        // Nothing is left beyond the claimed charges: a second refund is refused and moves nothing.
        var second = payments.EnrichedRefund(config, charged: 3_000, amount: 1, refundNonce: 1, payer, []);
        var (_, secondReply) = await _host.Caller.SettleAsync(PaymentBuilder.Body(manager, second));

        Assert.False(secondReply.Success);
        Assert.Equal("invalid_batch_settlement_evm_refund_no_balance", secondReply.ErrorReason);
        Assert.Equal(((UInt128)3_000, (UInt128)3_000), await _host.ChannelAsync(config));
        Assert.Equal(payerBefore + 7_000, await _host.BalanceOfAsync(payer.Address));
    }

    /// <summary>A channel to a receiver of its own, opened through this facilitator's deposit path.</summary>
    private async Task<(PrivateKey Payer, Address Receiver, Billing.Evm.BatchSettlement.ChannelConfig Config)> OpenAsync(UInt128 deposit)
    {
        var payer = await _host.FundedPayerAsync(deposit);
        var receiver = PrivateKey.Generate().Address;
        var payments = _host.Payments;
        var config = payments.Channel(payer, receiver, _host.Authorizer);
        var (_, opened) = await _host.Caller.SettleAsync(
            PaymentBuilder.Body(payments.Offer(receiver, _host.Authorizer, Price), payments.Deposit(config, deposit, Price, payer, DateTimeOffset.UtcNow.AddMinutes(5))));
        Assert.True(opened.Success, $"{opened.ErrorReason}: {opened.ErrorMessage}");
        return (payer, receiver, config);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
