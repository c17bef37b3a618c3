using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Dashboard.Fleet;

/// <summary>
/// One read of the whole fleet. <see cref="Clusters"/> is null when the cluster list itself could not be
/// read; <see cref="Problems"/> says, in words, every grain call that failed, so the view shows what it has.
/// <see cref="AgentReports"/> holds, by <c>{cluster}/{node}</c>, what each node's agent last reported.
/// </summary>
public sealed record FleetSnapshot(
    IReadOnlyList<ClusterSummary>? Clusters,
    IReadOnlyList<NodeEniView> NodeEnis,
    IReadOnlyList<string> Problems,
    IReadOnlyDictionary<string, NodeInterfaceReport> AgentReports)
{
    public IEnumerable<AttachmentView> Attachments => NodeEnis.SelectMany(n => n.Attachments).Select(a => a with { Observed = Observed(a) });

    private ObservedInterface? Observed(AttachmentView attachment) =>
        attachment.NodeKey is { } node && AgentReports.TryGetValue(node, out var report)
            ? report.Interfaces.FirstOrDefault(i => i.EniId == attachment.Status.EniId)
            : null;
}

/// <summary>A NodeENI of one cluster, with its Ready condition.</summary>
public sealed record NodeEniView(string Cluster, NodeEni NodeEni)
{
    public NodeEniCondition? Ready => NodeEni.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready);

    public IEnumerable<AttachmentView> Attachments =>
        (NodeEni.Status?.Attachments ?? []).Select(a => new AttachmentView(Cluster, NodeEni.Name, a));
}

/// <summary>One ENI of a NodeENI on one node, as its status lists it, and as the node's agent last saw it (null before its first report).</summary>
public sealed record AttachmentView(string Cluster, string NodeEni, EniAttachmentStatus Status, ObservedInterface? Observed = null)
{
    /// <summary>The NodeGrain key of the node, <c>{cluster}/{node}</c>; null without a node.</summary>
    public string? NodeKey => Status.NodeId is { Length: > 0 } node ? GrainKey.Join(Cluster, node) : null;

    /// <summary>The page of this attachment's history (its grain key is cluster/NodeENI/node); null without a node.</summary>
    public string? HistoryHref => Status.NodeId is { Length: > 0 } node
        ? $"attachments/{Uri.EscapeDataString(Cluster)}/{Uri.EscapeDataString(NodeEni)}/{Uri.EscapeDataString(node)}"
        : null;
}
