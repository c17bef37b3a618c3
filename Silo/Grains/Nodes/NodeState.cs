using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Silo.Grains.Nodes;

/// <summary>
/// A node's device-index map across NodeENIs and its agent's last report. The interfaces each attachment
/// published are not stored: the claims name every attachment that can publish, and each is asked again.
/// </summary>
[GenerateSerializer]
public sealed class NodeState
{
    /// <summary>Device index to the attachment key that holds it.</summary>
    [Id(0)]
    public Dictionary<int, string> DeviceIndexes { get; set; } = [];

    [Id(2)]
    public NodeInterfaceReport? Report { get; set; }
}
