using Billing.Persistence.Journal;
using Billing.Persistence.Sqlite;
using Billing.Persistence.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace Billing.Persistence.Hosting;

/// <summary>Registers the billing store with a silo.</summary>
public static class BillingStorageSiloBuilderExtensions
{
    /// <summary>
    /// Registers ADO.NET grain storage under <see cref="BillingStorage.ChannelStore"/> and as the default storage, the
    /// <see cref="Billing.Core.Journal.IChargeJournal"/> in the same database, and
    /// for PostgreSQL, when asked, ADO.NET clustering and reminders. Unless
    /// <see cref="BillingStorageOptions.ApplySchemaOnStart"/> is off, the schema is applied in the first lifecycle
    /// stage, before any provider reads its queries.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A SQLite host keeps <c>UseLocalhostClustering()</c> and <c>UseInMemoryReminderService()</c>: Orleans ships no
    /// SQLite clustering or reminder scripts, and a database file cannot be shared by silos on several machines.
    /// </para>
    /// <para>
    /// Grain state is written as JSON (<see cref="JsonGrainStateSerializer"/>): the channel ledger's state is a plain
    /// domain type that carries no Orleans serialization attributes.
    /// </para>
    /// <para>Each grain class must use its own state name with this store; see <see cref="BillingStorageOptions"/>.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">The options are incomplete or ask SQLite for clustering or reminders.</exception>
    public static ISiloBuilder AddBillingStorage(this ISiloBuilder silo, BillingStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var invariant = AdoNetInvariant.For(options.Provider);
        if (options.ApplySchemaOnStart)
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => new SchemaMigrationParticipant(
                options, services.GetRequiredService<ILogger<SchemaMigrationParticipant>>()));
        }

        silo.AddAdoNetGrainStorage(BillingStorage.ChannelStore, storage => storage.Configure(storageOptions =>
        {
            storageOptions.Invariant = invariant;
            storageOptions.ConnectionString = options.ConnectionString;
            storageOptions.GrainStorageSerializer = new JsonGrainStateSerializer();
        }));
        DecorateGrainStorage(silo.Services, BillingStorage.ChannelStore, options);
        // Built by a factory so the container disposes it: its log writer finishes the batch in hand when the silo stops.
        silo.Services.AddSingleton(_ => ChargeJournals.For(options.Provider, options.ConnectionString, options.ChargeLogLinger));
        AddDefaultAlias(silo.Services, BillingStorage.ChannelStore);

        if (options.UseClustering)
        {
            silo.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = invariant;
                clustering.ConnectionString = options.ConnectionString;
            });
        }

        if (options.UseReminders)
        {
            silo.UseAdoNetReminderService(reminders =>
            {
                reminders.Invariant = invariant;
                reminders.ConnectionString = options.ConnectionString;
            });
        }

        return silo;
    }

    /// <summary>
    /// Replaces the keyed grain storage Orleans registered under <paramref name="name"/> with the same provider wrapped
    /// in <see cref="RowIdentityGrainStorage"/> and, on SQLite, with its writes queued on the file's
    /// <see cref="SqliteWriteGate"/>. The provider's lifecycle registration resolves the storage by name, so it reaches
    /// the wrappers, which forward it.
    /// </summary>
    private static void DecorateGrainStorage(IServiceCollection services, string name, BillingStorageOptions options)
    {
        var registration = services.LastOrDefault(descriptor =>
            descriptor.ServiceType == typeof(IGrainStorage)
            && descriptor.IsKeyedService
            && Equals(descriptor.ServiceKey, name)
            && descriptor.KeyedImplementationFactory is not null)
            ?? throw new InvalidOperationException(
                $"Orleans did not register ADO.NET grain storage '{name}' as a keyed factory; the billing store cannot wrap it.");

        var createProvider = registration.KeyedImplementationFactory!;
        services.Remove(registration);
        services.AddKeyedSingleton<IGrainStorage>(
            name,
            (provider, key) =>
            {
                var storage = (IGrainStorage)createProvider(provider, key);
                if (options.Provider == StorageProvider.Sqlite)
                {
                    storage = new SqliteGatedGrainStorage(storage, SqliteWriteGate.For(options.ConnectionString));
                }

                return new RowIdentityGrainStorage(storage);
            });
    }

    // One provider instance serves both names: one connection pool, one set of cached queries, one start-up.
    private static void AddDefaultAlias(IServiceCollection services, string name)
    {
        const string DefaultName = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME;
        services.AddKeyedSingleton<IGrainStorage>(DefaultName, (provider, _) => provider.GetRequiredKeyedService<IGrainStorage>(name));
        services.TryAddSingleton(provider => provider.GetRequiredKeyedService<IGrainStorage>(DefaultName));
    }
}
