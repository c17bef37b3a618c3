using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Tests.Dashboard;

/// <summary>Fleet data as the grains would report it, for the component tests.</summary>
internal static class FleetWorld
{
    public static readonly DateTimeOffset At = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);

    public static ClusterSummary Cluster(string name, int nodes, int nodeEnis, string? lastError = null) => new(
        new ClusterRegistration { Name = name, Region = "us-east-1", Kubeconfig = $"/tmp/{name}.kubeconfig" },
        new ClusterWatchHealth(Watching: lastError is null, Silo: "S127.0.0.1:11111:1", Since: At, LastError: lastError),
        nodes,
        nodeEnis);

    public static NodeEni NodeEni(string name, string ready, string reason, params EniAttachmentStatus[] attachments) => new()
    {
        Metadata = new ObjectMetadata { Name = name, Generation = 2 },
        Spec = new NodeEniSpec { NodeSelector = new Dictionary<string, string> { ["ng"] = "multi-eni" }, SubnetName = "multus-subnet-a" },
        Status = new NodeEniStatus
        {
            ObservedGeneration = 2,
            Attachments = attachments,
            Conditions = [new NodeEniCondition { Type = NodeEniCondition.Ready, Status = ready, Reason = reason, Message = $"{reason} message" }],
        },
    };

    public static EniAttachmentStatus Attachment(string node, string eni, int deviceIndex = 1, bool dpdk = false) => new()
    {
        NodeId = node,
        InstanceId = "i-0123456789abcdef0",
        EniId = eni,
        AttachmentId = "eni-attach-" + eni[4..],
        SubnetId = "subnet-00000000000000002",
        SubnetCidr = "10.0.1.0/24",
        DeviceIndex = deviceIndex,
        Status = "attached",
        LastUpdated = At,
        Mtu = 9001,
        DpdkBound = dpdk,
        DpdkDriver = dpdk ? "vfio-pci" : null,
        DpdkResourceName = dpdk ? "intel.com/sriov_ena" : null,
        DpdkPciAddress = dpdk ? "0000:00:06.0" : null,
    };

    public static NodeInterfaceReport Report(params ObservedInterface[] interfaces) => new(interfaces);
}
