using System.Net;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.IntegrationTests.Facilitator;
using Billing.IntegrationTests.Fixtures;
using Billing.X402;

namespace Billing.IntegrationTests.Adversarial;

/// <summary>
/// The facilitator endpoints send transactions from, and pay gas with, the server's key. A stranger must not reach them
/// unless the operator opened them, and once open they must not act for a payTo or an asset the server does not serve.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class FacilitatorSpendsNoGasForStrangersTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-facilitator-closed-").FullName;

    [Fact]
    public async Task A_server_on_a_local_chain_has_no_facilitator_endpoints_unless_the_operator_enables_them()
    {
        await using var server = await StartAsync(new Dictionary<string, string?>());
        using var caller = new FacilitatorCaller(server.BaseAddress);
        var payments = new PaymentBuilder(chain.Deployment, chain.Domain);
        var offer = payments.Offer(chain.Receiver.Address, chain.ReceiverAuthorizer.Address, Price);
        using var payer = PrivateKey.Generate();
        var config = payments.Channel(payer, chain.Receiver.Address, chain.ReceiverAuthorizer.Address);

        var deposit = payments.Deposit(config, 10 * Price, Price, payer, DateTimeOffset.UtcNow.AddMinutes(5));
        using var settle = await caller.PostAsync("/settle", PaymentBuilder.Body(offer, deposit));
        using var verify = await caller.PostAsync("/verify", PaymentBuilder.Body(offer, payments.VoucherPayment(config, Price, payer)));

        Assert.Equal(HttpStatusCode.NotFound, settle.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, verify.StatusCode);
    }

    [Fact]
    public async Task An_open_facilitator_refuses_a_pay_to_it_does_not_serve_before_looking_at_the_payment()
    {
        await using var server = await StartAsync(new Dictionary<string, string?> { ["Facilitator:Enabled"] = "true" });
        using var caller = new FacilitatorCaller(server.BaseAddress);
        var payments = new PaymentBuilder(chain.Deployment, chain.Domain);
        var stranger = PrivateKey.Generate().Address;
        var offer = payments.Offer(stranger, chain.ReceiverAuthorizer.Address, Price);
        using var payer = PrivateKey.Generate();
        var config = payments.Channel(payer, stranger, chain.ReceiverAuthorizer.Address);

        var (verifyStatus, verified) = await caller.VerifyAsync(PaymentBuilder.Body(offer, payments.VoucherPayment(config, Price, payer)));
        var deposit = payments.Deposit(config, 10 * Price, Price, payer, DateTimeOffset.UtcNow.AddMinutes(5));
        var (settleStatus, settled) = await caller.SettleAsync(PaymentBuilder.Body(offer, deposit));

        Assert.Equal(HttpStatusCode.OK, verifyStatus);
        Assert.False(verified.IsValid);
        Assert.Equal(X402ErrorReasons.InvalidPaymentRequirements, verified.InvalidReason);
        Assert.Equal(HttpStatusCode.OK, settleStatus);
        Assert.False(settled.Success);
        Assert.Equal(X402ErrorReasons.InvalidPaymentRequirements, settled.ErrorReason);
        Assert.True(string.IsNullOrEmpty(settled.Transaction)); // nothing was sent
    }

    private Task<LocalServer> StartAsync(Dictionary<string, string?> overrides) =>
        LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price)
        {
            Overrides = overrides,
        });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dataFolder, recursive: true);
        return Task.CompletedTask;
    }
}
