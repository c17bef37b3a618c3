using AwsMultiEni.Abstractions.ReadModels;
using Orleans.Concurrency;

namespace AwsMultiEni.Silo.Grains.ReadModels;

/// <summary>The NodeEniGrains' handle on their cluster's index: one-way, since the index never answers back to them.</summary>
public interface IClusterIndex : IClusterIndexGrain
{
    [OneWay]
    Task Update(NodeEniIndexUpdate update);
}

/// <summary>
/// What changed in one NodeENI's rows since its last update: the rows of each node that changed, the nodes it no longer
/// has, and its overview; a null <see cref="Overview"/> means the NodeENI is gone. <see cref="Full"/> replaces every
/// row the index held for it (the first update of an activation, or one the index asked for).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NodeEniIndexUpdate(
    [property: Id(0)] string NodeEni,
    [property: Id(1)] NodeEniOverview? Overview,
    [property: Id(2)] IReadOnlyList<IndexedNode> Changed,
    [property: Id(3)] IReadOnlyList<string> Removed,
    [property: Id(4)] bool Full);

/// <summary>Every row of one NodeENI on one node.</summary>
[GenerateSerializer, Immutable]
public sealed record IndexedNode([property: Id(0)] string Node, [property: Id(1)] IReadOnlyList<AttachmentRow> Rows);
