using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Grains.Attachments;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>
/// What a NodeENI's status says about its ENIs, bounded whatever the number of nodes: the entries up to the limit,
/// those not attached first, and counts of the nodes by how far they got.
/// </summary>
internal static class StatusAttachments
{
    private const string Attached = "attached";

    /// <summary>The entries status lists, by node and device index, and whether some were left out.</summary>
    public static (IReadOnlyList<EniAttachmentStatus> Listed, bool Truncated) Bound(IReadOnlyList<EniAttachmentStatus> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var listed = all.Count <= NodeEniStatus.AttachmentLimit
            ? all
            : [.. all.Where(a => a.Status != Attached).Concat(ByNode(all.Where(a => a.Status == Attached))).Take(NodeEniStatus.AttachmentLimit)];
        return ([.. ByNode(listed)], listed.Count < all.Count);
    }

    /// <summary>The nodes the NodeENI wants ENIs on, counted by outcome; a node it cannot serve at all is failed too.</summary>
    public static AttachmentSummary Summarize(IReadOnlyList<AttachmentView> views, int unservedNodes)
    {
        ArgumentNullException.ThrowIfNull(views);
        var wanted = views.Where(v => v.Wanted).ToList();
        var attached = wanted.Count(v => v.Ready);
        var failed = wanted.Count(v => v.Problem is not null) + unservedNodes;
        var desired = wanted.Count + unservedNodes;
        return new AttachmentSummary { Desired = desired, Attached = attached, Failed = failed, Progressing = desired - attached - failed };
    }

    private static IEnumerable<EniAttachmentStatus> ByNode(IEnumerable<EniAttachmentStatus> attachments) =>
        attachments.OrderBy(a => a.NodeId, StringComparer.Ordinal).ThenBy(a => a.DeviceIndex);
}
