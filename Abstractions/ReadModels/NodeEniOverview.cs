using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Abstractions.ReadModels;

/// <summary>A NodeENI in a few bytes: its rollout counted in nodes, and its Ready condition.</summary>
[GenerateSerializer, Immutable]
public sealed record NodeEniOverview(
    [property: Id(0)] string Cluster,
    [property: Id(1)] string Name,
    [property: Id(2)] long? Generation,
    [property: Id(3)] long? ObservedGeneration,
    [property: Id(4)] AttachmentSummary Summary,
    [property: Id(5)] NodeEniCondition? Ready,
    [property: Id(6)] bool Deleting)
{
    public bool IsReady => Ready?.Status == "True";
}
