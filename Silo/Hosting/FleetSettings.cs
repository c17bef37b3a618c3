using AwsMultiEni.Abstractions.Fleet;
using Microsoft.Extensions.Configuration;

namespace AwsMultiEni.Silo.Hosting;

/// <summary>The <c>Fleet</c> configuration section: clusters registered at silo start and the engine's periods.</summary>
public sealed class FleetSettings
{
    public const string SectionName = "Fleet";

    public List<FleetClusterSettings> Clusters { get; init; } = [];

    /// <summary>How often each cluster's ENIs are compared with EC2 (one paginated describe per cluster).</summary>
    public TimeSpan DriftInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an ENI the fleet tagged but no longer owns stays before the orphan sweep deletes it.</summary>
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a NodeENI gathers changes before it plans again or writes its status: at most one plan and one status
    /// write per interval, however many nodes or attachments changed in it.
    /// </summary>
    public TimeSpan CoalesceInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an attachment with EC2 work in flight checks on it (attach and detach are asynchronous).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far EC2's describes may lag behind its own answers (EC2 is eventually consistent). Within this time after
    /// the fleet changed an ENI, a describe that does not show the change means "not yet", never "lost"; an instance
    /// EC2 does not know is taken for gone only when describes kept missing it for this long.
    /// </summary>
    public TimeSpan ConsistencyGracePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a released DPDK or named interface waits for the node's agent to report it torn down before it is
    /// detached anyway (the agent may be gone with its node).
    /// </summary>
    public TimeSpan AgentTeardownTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often each silo closes its connections to clusters unregistered or registered again with other settings.</summary>
    public TimeSpan ConnectionSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The taint (<c>key:effect</c>) node pools put on new nodes so that no pod lands before the fleet configured its
    /// ENIs (Karpenter <c>startupTaints</c>, managed node group taints). The fleet removes it once every NodeENI that
    /// selects the node is attached there and the node's agent reports its interfaces configured; it never removes
    /// another taint. Empty: no taint is removed.
    /// </summary>
    public string StartupTaint { get; set; } = "awsmultieni.io/not-ready:NoSchedule";

    /// <summary>The label set to <c>true</c> when the startup taint goes, for node affinity. Empty: no label.</summary>
    public string ReadyLabel { get; set; } = "awsmultieni.io/ready";

    /// <summary>How often each cluster's nodes that still carry the startup taint are checked.</summary>
    public TimeSpan StartupTaintCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    public static FleetSettings From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<FleetSettings>() ?? new FleetSettings();
}

/// <summary>One <c>Fleet:Clusters:N</c> entry; exactly one of Kubeconfig, InCluster or Eks.</summary>
public sealed class FleetClusterSettings
{
    public string? Name { get; set; }

    public string? Region { get; set; }

    public string? Kubeconfig { get; set; }

    public string? KubeconfigContext { get; set; }

    public bool InCluster { get; set; }

    public FleetEksSettings? Eks { get; set; }

    /// <summary>The IAM role the silo assumes for this cluster's EC2 calls and EKS token (a cluster in another account).</summary>
    public string? RoleArn { get; set; }

    /// <summary>The external ID the role's trust policy requires.</summary>
    public string? ExternalId { get; set; }

    public ClusterRegistration ToRegistration(int index) => new()
    {
        Name = Name ?? throw Missing(index, nameof(Name)),
        Region = Region ?? throw Missing(index, nameof(Region)),
        Kubeconfig = Kubeconfig,
        KubeconfigContext = KubeconfigContext,
        InCluster = InCluster,
        Eks = Eks is null
            ? null
            : new EksClusterRegistration(
                Eks.ClusterName ?? throw Missing(index, "Eks:ClusterName"),
                Eks.Endpoint ?? throw Missing(index, "Eks:Endpoint"),
                Eks.CertificateAuthority ?? throw Missing(index, "Eks:CertificateAuthority"),
                Eks.SkipEndpointCheck),
        RoleArn = RoleArn,
        ExternalId = ExternalId,
    };

    private static InvalidOperationException Missing(int index, string key) =>
        new($"Configuration 'Fleet:Clusters:{index}:{key}' is required.");
}

public sealed class FleetEksSettings
{
    public string? ClusterName { get; set; }

    public Uri? Endpoint { get; set; }

    public string? CertificateAuthority { get; set; }

    /// <summary>Unsafe: use Endpoint and CertificateAuthority without checking them against <c>eks:DescribeCluster</c>.</summary>
    public bool SkipEndpointCheck { get; set; }
}
