namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// What the fleet needs to know about a Node: where it runs in EC2 and its labels. Never changed once made, so a
/// watcher's copy and the ClusterGrain's inventory share one instance instead of a copy per node each.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NodeFacts(
    [property: Id(0)] string Name,
    [property: Id(1)] string Uid,
    [property: Id(2)] string ResourceVersion,
    [property: Id(3)] string? InstanceId,
    [property: Id(4)] string? AvailabilityZone,
    [property: Id(5)] string? InstanceType,
    [property: Id(6)] IReadOnlyDictionary<string, string> Labels)
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    public const string InstanceTypeLabel = "node.kubernetes.io/instance-type";

    [Id(7)]
    public bool IsBeingDeleted { get; init; }

    /// <summary>The node's taints as <c>key:effect</c>: the fleet removes its startup taint, and only that one.</summary>
    [Id(8)]
    public IReadOnlyList<string> Taints { get; init; } = [];

    /// <summary>
    /// Whether <paramref name="other"/> says the same as this node about everything the fleet acts on: instance, zone,
    /// instance type, labels, taints and deletion. A kubelet's status update every few seconds changes none of them.
    /// </summary>
    public bool SameFleetFacts(NodeFacts other) =>
        other is not null
        && Name == other.Name && Uid == other.Uid && InstanceId == other.InstanceId && AvailabilityZone == other.AvailabilityZone
        && InstanceType == other.InstanceType && IsBeingDeleted == other.IsBeingDeleted && Taints.SequenceEqual(other.Taints)
        && Labels.Count == other.Labels.Count && Labels.All(l => other.Labels.TryGetValue(l.Key, out var value) && value == l.Value);

    /// <summary>Whether every label of <paramref name="selector"/> is on the node with the same value.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> selector) =>
        selector.All(s => Labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
