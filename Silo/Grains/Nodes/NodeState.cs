using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Silo.Grains.Nodes;

/// <summary>A node's device-index map across NodeENIs and the interfaces each attachment published.</summary>
[GenerateSerializer]
public sealed class NodeState
{
    /// <summary>Device index to the attachment key that holds it.</summary>
    [Id(0)]
    public Dictionary<int, string> DeviceIndexes { get; set; } = [];

    [Id(1)]
    public Dictionary<string, List<DesiredInterface>> Interfaces { get; set; } = new(StringComparer.Ordinal);

    [Id(2)]
    public NodeInterfaceReport? Report { get; set; }
}
