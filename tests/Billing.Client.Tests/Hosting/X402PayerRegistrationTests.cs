using System.Net;
using Billing.Client.Hosting;
using Billing.Client.Payments;
using Billing.Client.Tests.Payments;
using Billing.Evm;
using Billing.X402.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Client.Tests.Hosting;

public sealed class X402PayerRegistrationTests : IDisposable
{
    private const ulong Price = 700;
    private readonly string _folder = Directory.CreateTempSubdirectory("payer-keys-").FullName;

    [Fact]
    public async Task Clients_from_the_factory_pay_through_one_shared_agent()
    {
        var (hex, key) = NewKey();
        using var _ = key;
        var keyFile = Path.Combine(_folder, "agent.key");
        await File.WriteAllTextAsync(keyFile, $"  {hex}\n");
        var payee = new ScriptedPayee(payment => payment is null
            ? ScriptedPayee.Challenge(TestOffers.Required(TestOffers.Exact(Price)))
            : ScriptedPayee.Paid(new SettlementResponse { Success = true, Transaction = "0x" + new string('2', 64), Network = TestOffers.Network }));
        var services = new ServiceCollection();
        services.AddX402Payer(payer =>
        {
            payer.UseKeyFile(keyFile);
            payer.Options.Limits = TestOffers.Options(Price).Limits with { PerDay = 10 * Price };
        });
        services.AddHttpClient("inference").AddX402Payment().ConfigurePrimaryHttpMessageHandler(() => payee);
        services.AddHttpClient("search").AddX402Payment().ConfigurePrimaryHttpMessageHandler(() => payee);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();

        using (var first = await factory.CreateClient("inference").GetAsync(new Uri("http://payee.test/a")))
        using (var second = await factory.CreateClient("search").GetAsync(new Uri("http://payee.test/b")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var agent = provider.GetRequiredService<X402Payer>();
        Assert.Equal(key.Address, agent.Address);
        Assert.Equal((UInt128)(2 * Price), agent.Spent.Day);
        Assert.Equal(2, payee.Payments.Count());
    }

    [Fact]
    public void A_registration_without_a_key_source_is_refused_up_front()
    {
        var services = new ServiceCollection();

        Assert.Throws<InvalidOperationException>(() => services.AddX402Payer(payer => payer.Options.DepositMultiplier = 3));
    }

    [Fact]
    public async Task A_malformed_key_file_is_reported_without_its_content()
    {
        const string Secret = "0x11223344556677889900aabbccddeeff11223344556677889900aabbccddee";
        var keyFile = Path.Combine(_folder, "broken.key");
        await File.WriteAllTextAsync(keyFile, Secret);
        var services = new ServiceCollection();
        services.AddX402Payer(payer => payer.UseKeyFile(keyFile));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<X402Payer>());

        Assert.DoesNotContain(Secret[2..20], error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("broken.key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_environment_key_names_the_variable()
    {
        var services = new ServiceCollection();
        services.AddX402Payer(payer => payer.UseKeyFromEnvironment("BILLING_TEST_KEY_THAT_IS_NOT_SET"));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<X402Payer>());

        Assert.Contains("BILLING_TEST_KEY_THAT_IS_NOT_SET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_agent_shows_its_address_never_its_key()
    {
        var (hex, key) = NewKey();
        using var _ = key;
        using var agent = new X402Payer(key, TestOffers.Options(Price));

        Assert.Contains(key.Address.ToString(), agent.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(hex[2..], agent.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A key and its hex: the SDK never reveals a key's secret, so the test makes the hex first.</summary>
    private static (string Hex, PrivateKey Key) NewKey()
    {
        var hex = Hex.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return (hex, PrivateKey.FromHex(hex));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
