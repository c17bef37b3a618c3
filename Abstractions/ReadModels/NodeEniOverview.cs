using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Abstractions.ReadModels;

/// <summary>A NodeENI in a few bytes: its rollout counted in nodes, its Ready condition, and when it was created.</summary>
[GenerateSerializer, Immutable]
public sealed record NodeEniOverview(
    [property: Id(0)] string Cluster,
    [property: Id(1)] string Name,
    [property: Id(2)] long? Generation,
    [property: Id(3)] long? ObservedGeneration,
    [property: Id(4)] AttachmentSummary Summary,
    [property: Id(5)] NodeEniCondition? Ready,
    [property: Id(6)] bool Deleting,
    [property: Id(7)] DateTimeOffset? Created = null)
{
    public bool IsReady => Ready?.Status == "True";
}
