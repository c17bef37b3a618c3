using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>The NodeENI as last observed, and the nodes whose AttachmentGrains may still hold ENIs for it.</summary>
[GenerateSerializer]
public sealed class NodeEniState
{
    [Id(0)]
    public NodeEni? Observed { get; set; }

    [Id(1)]
    public SortedSet<string> Nodes { get; set; } = new(StringComparer.Ordinal);
}
