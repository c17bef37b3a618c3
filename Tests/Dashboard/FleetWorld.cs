using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.ReadModels;

namespace AwsMultiEni.Tests.Dashboard;

/// <summary>
/// Fleet data as the read models would serve it. <see cref="Fleet"/> is the dashboard tests' world: prod-a with 150
/// nodes and prod-b with 100, NodeENI multus-eni on every node, every ENI attached but two: prod-a's node-007 stuck
/// creating (InsufficientEniCapacity) and prod-b's node-099 still attaching, until <see cref="Converged"/>.
/// </summary>
internal static class FleetWorld
{
    public const int NodesA = 150, NodesB = 100;
    public const string NodeEniName = "multus-eni";
    public static readonly DateTimeOffset At = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);

    public static ClusterSummary Cluster(string name, int nodes, int nodeEnis, string? lastError = null) => new(
        new ClusterRegistration { Name = name, Region = "us-east-1", Kubeconfig = $"/tmp/{name}.kubeconfig" },
        new ClusterWatchHealth(Watching: lastError is null, Silo: "S127.0.0.1:11111:1", Since: At, LastError: lastError),
        nodes,
        nodeEnis);

    public static string NodeName(int node) => $"node-{node:000}";

    /// <summary>ENI IDs that tell the cluster (a or b) and the node apart: <c>eni-0a00000000000007</c>-like, 17 hex digits.</summary>
    public static string EniId(string cluster, int node) => $"eni-{cluster[^1]}{node:x16}";

    public static AttachmentRow Row(string cluster, int node, string status = AttachmentRow.AttachedStatus, string? reason = null) => new(
        cluster,
        NodeEniName,
        NodeName(node),
        new EniAttachmentStatus
        {
            NodeId = NodeName(node),
            InstanceId = $"i-{cluster[^1]}{node:x16}",
            EniId = EniId(cluster, node),
            SubnetId = "subnet-00000000000000002",
            SubnetCidr = "10.0.1.0/24",
            DeviceIndex = 1,
            Status = status,
            LastUpdated = At,
            Mtu = 9001,
            InterfaceName = status == AttachmentRow.AttachedStatus ? "multus0" : null,
            InterfaceUp = status == AttachmentRow.AttachedStatus ? true : null,
            InterfaceMtu = status == AttachmentRow.AttachedStatus ? 9001 : null,
        },
        reason,
        reason is null ? null : $"{reason} message",
        At);

    public static (FleetOverview Overview, IReadOnlyList<AttachmentRow> Rows) Fleet() => Build(converged: false);

    /// <summary>The same fleet once prod-b's node-099 is attached.</summary>
    public static (FleetOverview Overview, IReadOnlyList<AttachmentRow> Rows) Converged() => Build(converged: true);

    private static (FleetOverview, IReadOnlyList<AttachmentRow>) Build(bool converged)
    {
        var a = Enumerable.Range(0, NodesA).Select(n => n == 7 ? Row("prod-a", n, "creating", "InsufficientEniCapacity") : Row("prod-a", n)).ToList();
        var b = Enumerable.Range(0, NodesB).Select(n => n == 99 && !converged ? Row("prod-b", n, "attaching") : Row("prod-b", n)).ToList();
        var overview = new FleetOverview(
            converged ? 2 : 1,
            At.AddMinutes(converged ? 2 : 1),
            [Cluster("prod-a", NodesA, 1), Cluster("prod-b", NodesB, 1, lastError: "watch failed: 401")],
            [ClusterOverview.Of("prod-a", a, [NodeEni("prod-a", a)]), ClusterOverview.Of("prod-b", b, [NodeEni("prod-b", b)])],
            new FleetHistory(
                [new Ec2UsageMinute(At, [new Ec2BucketUsage("CreateNetworkInterface", 250, 3, 40, 12.5), new Ec2BucketUsage("Mutating", 500, 0, 90, 20)])],
                [new StatusMinute(At, new Dictionary<string, int> { ["attached"] = 248, ["attaching"] = 1, ["creating"] = 1 })],
                [new RolloutTime("prod-a", NodeEniName, 1, At.AddSeconds(-62), At)]));
        return (overview, [.. a, .. b]);
    }

    private static NodeEniOverview NodeEni(string cluster, IReadOnlyList<AttachmentRow> rows)
    {
        var failed = rows.Count(r => r.IsFailed);
        var attached = rows.Count(r => !r.IsProblem);
        var ready = failed == 0 && attached == rows.Count;
        var reason = failed > 0 ? "InsufficientEniCapacity" : ready ? "Attached" : "Progressing";
        return new NodeEniOverview(
            cluster,
            NodeEniName,
            1,
            1,
            new AttachmentSummary { Desired = rows.Count, Attached = attached, Failed = failed, Progressing = rows.Count - attached - failed },
            new NodeEniCondition { Type = NodeEniCondition.Ready, Status = ready ? "True" : "False", Reason = reason, Message = $"{reason} message", LastTransitionTime = At },
            false);
    }
}
