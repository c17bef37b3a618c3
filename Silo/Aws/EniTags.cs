using AwsMultiEni.Abstractions.Keys;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// The tag set every fleet ENI carries (DESIGN.md §3 "ENI tags"): the single-cluster controller's
/// tags, the VPC CNI opt-out, and the fleet identity that makes adoption and the orphan sweep possible.
/// </summary>
public sealed record EniTags(string Name, string NodeEni, string Node, string SubnetId, string Cluster, string AttachmentKey)
{
    public const string ManagedByKey = "kubernetes.io/cluster/managed-by";
    public const string ManagedByValue = "nodeeni-controller";
    public const string NoManageKey = "node.k8s.amazonaws.com/no_manage";
    public const string ClusterKey = "awsmultieni.io/cluster";
    public const string AttachmentKeyKey = "awsmultieni.io/attachment-key";

    /// <summary>The tags of the ENI in <paramref name="subnetId"/> at <paramref name="deviceIndex"/> of attachment <c>{cluster}/{nodeeni}/{node}</c>.</summary>
    public static EniTags For(string attachmentKey, string subnetId, int deviceIndex)
    {
        var parts = GrainKey.Split(attachmentKey, 3);
        return new($"{parts[1]}-{parts[2]}-{deviceIndex}", parts[1], parts[2], subnetId, parts[0], attachmentKey);
    }

    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Name"] = Name,
        ["NodeENI"] = NodeEni,
        ["Node"] = Node,
        ["SubnetID"] = SubnetId,
        [ManagedByKey] = ManagedByValue,
        [NoManageKey] = "true",
        [ClusterKey] = Cluster,
        [AttachmentKeyKey] = AttachmentKey,
    };
}
