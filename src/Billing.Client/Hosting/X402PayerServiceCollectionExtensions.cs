using Billing.Client.Channels;
using Billing.Client.Payments;
using Billing.Evm;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Client.Hosting;

/// <summary>
/// Registers a paying agent with dependency injection:
/// <code>
/// services.AddX402Payer(payer => payer.UseKeyFile("/run/secrets/agent.key").Options.Limits = limits);
/// services.AddHttpClient("inference").AddX402Payment();
/// </code>
/// One <see cref="X402Payer"/> (a singleton) holds the key, limits, channel records and queues; every client's handler
/// shares it, so handler recycling by the client factory loses nothing.
/// </summary>
public static class X402PayerServiceCollectionExtensions
{
    public static IServiceCollection AddX402Payer(this IServiceCollection services, Action<X402PayerSetup> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var setup = new X402PayerSetup();
        configure(setup);
        var keySource = setup.KeySource
            ?? throw new InvalidOperationException("AddX402Payer needs a key source: UseKeyFile, UseKeyFromEnvironment or UseKey.");
        var storeSource = setup.StoreSource;
        var options = setup.Options;

        services.AddSingleton(provider => new X402Payer(
            keySource(provider),
            options,
            storeSource?.Invoke(provider) ?? new InMemoryPayerChannelStore(),
            Secp256k1.Default,
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            ownsKey: true));
        services.AddTransient(provider => new X402PaymentHandler(provider.GetRequiredService<X402Payer>()));
        return services;
    }

    /// <summary>Adds the agent's payment handler (registered by <see cref="AddX402Payer"/>) to a named or typed client.</summary>
    public static IHttpClientBuilder AddX402Payment(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHttpMessageHandler<X402PaymentHandler>();
    }
}
