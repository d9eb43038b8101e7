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
}
