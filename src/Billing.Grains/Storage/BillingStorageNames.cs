namespace Billing.Grains.Storage;

/// <summary>Names of the grain storage providers the grains ask for; the host registers providers under these names.</summary>
public static class BillingStorageNames
{
    public const string Channels = "channels";
}
