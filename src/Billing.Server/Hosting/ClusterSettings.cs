namespace Billing.Server.Hosting;

/// <summary>How silos find each other. Bound from configuration section "Cluster".</summary>
public sealed class ClusterSettings
{
    public const string Section = "Cluster";

    /// <summary>Stable across deployments of the same service.</summary>
    public string ServiceId { get; set; } = "billing";

    public string ClusterId { get; set; } = "billing-local";

    /// <summary>True: membership in the storage database (PostgreSql only). False: a single localhost silo.</summary>
    public bool UseDatabaseMembership { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Most grain locations a silo caches (Orleans <c>GrainDirectoryOptions.CacheSize</c>). An entry outlives its
    /// activation, about 350 bytes each, and every voucher for a new channel id adds one; Orleans' default of 1,000,000
    /// would let a flood of vouchers for made-up channels hold ~350 MB. Size it to the channels active across the cluster.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 100_000;
}
