namespace AwsMultiEni.Abstractions.Nodes;

/// <summary>
/// The secondary interfaces one node must expose: what the NodeGrain publishes to its agent,
/// and what <c>Agent apply --desired FILE.json</c> reads.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DesiredInterfaceSet([property: Id(0)] IReadOnlyList<DesiredInterface> Interfaces);
