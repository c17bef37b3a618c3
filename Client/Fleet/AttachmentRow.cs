using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Client.Fleet;

/// <summary>One ENI attachment of the fleet: its cluster and NodeENI, and the entry the NodeENI's status lists for it.</summary>
public sealed record AttachmentRow(string Cluster, string NodeEni, EniAttachmentStatus Attachment)
{
    public const string Attached = "attached";

    /// <summary>The attachment's key, <c>cluster/nodeeni/node</c>, as <c>attachments history</c> takes it.</summary>
    public string Key => GrainKey.Join(Cluster, NodeEni, Attachment.NodeId ?? "unknown");

    /// <summary>Not attached (yet, or any more): what an operator looks at first.</summary>
    public bool IsProblem => Attachment.Status != Attached;
}

/// <summary>Which attachments to list; every filter left null matches all.</summary>
public sealed record AttachmentQuery(string? Cluster = null, string? NodeEni = null, string? Node = null, bool ProblemsOnly = false)
{
    public bool Matches(AttachmentRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (Cluster is null || row.Cluster == Cluster)
            && (NodeEni is null || row.NodeEni == NodeEni)
            && (Node is null || row.Attachment.NodeId == Node)
            && (!ProblemsOnly || row.IsProblem);
    }
}
