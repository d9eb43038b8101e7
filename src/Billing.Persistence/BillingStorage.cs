namespace Billing.Persistence;

/// <summary>Names under which <see cref="Hosting.BillingStorageSiloBuilderExtensions.AddBillingStorage"/> registers grain storage.</summary>
public static class BillingStorage
{
    /// <summary>
    /// The grain storage that holds channel ledgers and settlement state. Grains name it in
    /// <c>[PersistentState(stateName, BillingStorage.ChannelStore)]</c>; it is also the default storage.
    /// </summary>
    public const string ChannelStore = "channels";
}
