namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>What the fleet needs to know about a Node: where it runs in EC2 and its labels.</summary>
public sealed record NodeFacts(
    string Name,
    string Uid,
    string ResourceVersion,
    string? InstanceId,
    string? AvailabilityZone,
    string? InstanceType,
    IReadOnlyDictionary<string, string> Labels)
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    public const string InstanceTypeLabel = "node.kubernetes.io/instance-type";

    public bool IsBeingDeleted { get; init; }

    /// <summary>Whether every label of <paramref name="selector"/> is on the node with the same value.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> selector) =>
        selector.All(s => Labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
