using System.Numerics;
using Billing.Evm;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.BatchSettlement;

namespace Billing.IntegrationTests.Facilitator;

/// <summary>
/// A facilitator without a caller token is public, so it must never lend its receiver-authorizer signature: a signed
/// refund without the claims would return charged money to the payer. It advertises no receiver authorizer, refuses to
/// sign, and still relays claims that bring their own authorizer signature.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class AnonymousFacilitatorTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private FacilitatorHost _host = null!;

    public async Task InitializeAsync() => _host = await FacilitatorHost.StartAsync(chain, withToken: false);

    [Fact]
    public async Task Supported_advertises_no_receiver_authorizer_to_delegate_to()
    {
        var supported = await _host.Caller.SupportedAsync();

        Assert.Equal(["batch-settlement", "exact"], supported.Kinds.Select(k => k.Scheme));
        Assert.All(supported.Kinds, kind => Assert.Null(kind.Extra));
        Assert.Equal([_host.Authorizer.ToString()], supported.Signers["eip155:*"]);
    }

    [Fact]
    public async Task Claims_and_refunds_are_not_signed_for_anonymous_callers_and_nothing_moves()
    {
        var payer = await _host.FundedPayerAsync(10_000);
        var receiver = PrivateKey.Generate().Address;
        var payments = _host.Payments;
        var config = payments.Channel(payer, receiver, _host.Authorizer);
        var (_, opened) = await _host.Caller.SettleAsync(
            PaymentBuilder.Body(payments.Offer(receiver, _host.Authorizer, Price), payments.Deposit(config, 10_000, Price, payer, DateTimeOffset.UtcNow.AddMinutes(5))));
        Assert.True(opened.Success, $"{opened.ErrorReason}: {opened.ErrorMessage}");
        var manager = payments.ManagerRequirements(receiver);

        var (_, claim) = await _host.Caller.SettleAsync(PaymentBuilder.Body(manager, new ClaimPayload { Claims = [payments.ClaimRow(config, 3_000, 3_000, payer)] }));
        var (_, refund) = await _host.Caller.SettleAsync(PaymentBuilder.Body(manager, payments.EnrichedRefund(config, 0, 10_000, 0, payer, [])));

        Assert.False(claim.Success);
        Assert.Equal("invalid_batch_settlement_evm_authorizer_not_configured", claim.ErrorReason);
        Assert.False(refund.Success);
        Assert.Equal("invalid_batch_settlement_evm_authorizer_not_configured", refund.ErrorReason);
        Assert.Equal(((UInt128)10_000, UInt128.Zero), await _host.ChannelAsync(config));
        Assert.Equal(BigInteger.Zero, await _host.BalanceOfAsync(payer.Address));
    }

    [Fact]
    public async Task A_claim_that_brings_its_own_authorizer_signature_is_relayed()
    {
        var payer = await _host.FundedPayerAsync(10_000);
        var receiver = PrivateKey.Generate().Address;
        var payments = _host.Payments;
        var config = payments.Channel(payer, receiver, _host.Authorizer);
        var (_, opened) = await _host.Caller.SettleAsync(
            PaymentBuilder.Body(payments.Offer(receiver, _host.Authorizer, Price), payments.Deposit(config, 10_000, Price, payer, DateTimeOffset.UtcNow.AddMinutes(5))));
        Assert.True(opened.Success, $"{opened.ErrorReason}: {opened.ErrorMessage}");

        // The resource server holds the receiver-authorizer key itself and signs its batch.
        var claim = new ClaimPayload
        {
            Claims = [payments.ClaimRow(config, 4_000, 4_000, payer)],
            ClaimAuthorizerSignature = payments.ClaimBatchSignature([(config, 4_000, 4_000)], chain.ReceiverAuthorizer),
        };
        var (_, reply) = await _host.Caller.SettleAsync(PaymentBuilder.Body(payments.ManagerRequirements(receiver), claim));

        Assert.True(reply.Success, $"{reply.ErrorReason}: {reply.ErrorMessage}");
        Assert.Equal((UInt128)4_000, (await _host.ChannelAsync(config)).TotalClaimed);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
