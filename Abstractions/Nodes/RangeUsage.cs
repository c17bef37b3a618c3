namespace AwsMultiEni.Abstractions.Nodes;

/// <summary>
/// One range of an ENI as the node's IPAM uses it: how many pod addresses are allocated from it, and whether the node
/// allocates from it no more (<see cref="Draining"/>, as the agent last wrote it for the plugin).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RangeUsage([property: Id(0)] string Cidr, [property: Id(1)] int InUse, [property: Id(2)] bool Draining);
