namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>What the fleet needs to know about a Node: where it runs in EC2 and its labels.</summary>
[GenerateSerializer]
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

    /// <summary>Whether every label of <paramref name="selector"/> is on the node with the same value.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> selector) =>
        selector.All(s => Labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
