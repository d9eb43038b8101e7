using System.Net;
using Orleans.Configuration;

namespace Billing.Server.Hosting;

/// <summary>How silos find each other. Bound from configuration section "Cluster".</summary>
public sealed class ClusterSettings
{
    public const string Section = "Cluster";

    /// <summary>
    /// Database membership only: Orleans' <c>ClusterMembershipOptions</c> (for example <c>ProbeTimeout</c>,
    /// <c>NumMissedProbesLimit</c>, <c>NumVotesForDeathDeclaration</c>), bound as they are named.
    /// </summary>
    public const string MembershipSection = "Cluster:Membership";

    /// <summary>Stable across deployments of the same service.</summary>
    public string ServiceId { get; set; } = "billing";

    public string ClusterId { get; set; } = "billing-local";

    /// <summary>True: membership in the storage database (PostgreSql only). False: a single localhost silo.</summary>
    public bool UseDatabaseMembership { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Database membership only: the address (IP or host name) this silo gives the others to reach it. Unset, Orleans
    /// picks the first non-loopback interface, which is wrong on a machine with several (a container's bridge, a VPN);
    /// 127.0.0.1 keeps a cluster of processes on one machine on loopback.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Database membership only: the local address the silo and gateway ports listen on, when it is not the advertised
    /// one (0.0.0.0 behind NAT or in a container whose advertised address belongs to the host).
    /// </summary>
    public string? ListenAddress { get; set; }

    /// <summary>
    /// Most grain locations a silo caches (Orleans <c>GrainDirectoryOptions.CacheSize</c>). An entry outlives its
    /// activation, about 350 bytes each, and every voucher for a new channel id adds one; Orleans' default of 1,000,000
    /// would let a flood of vouchers for made-up channels hold ~350 MB. Size it to the channels active across the cluster.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 100_000;

    /// <summary>Silo-to-silo and gateway endpoints of a silo in database membership, from the settings above.</summary>
    public void ConfigureEndpoints(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (string.IsNullOrWhiteSpace(AdvertisedAddress))
        {
            silo.ConfigureEndpoints(SiloPort, GatewayPort);
        }
        else if (IPAddress.TryParse(AdvertisedAddress, out var advertised))
        {
            silo.ConfigureEndpoints(advertised, SiloPort, GatewayPort);
        }
        else
        {
            silo.ConfigureEndpoints(AdvertisedAddress, SiloPort, GatewayPort);
        }

        if (!string.IsNullOrWhiteSpace(ListenAddress))
        {
            var listen = IPAddress.TryParse(ListenAddress, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{Section}:{nameof(ListenAddress)} must be an IP address, not '{ListenAddress}'.");
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloListeningEndpoint = new IPEndPoint(listen, SiloPort);
                o.GatewayListeningEndpoint = new IPEndPoint(listen, GatewayPort);
            });
        }
    }
}
