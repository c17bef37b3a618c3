using AwsMultiEni.Abstractions.Fleet;

namespace AwsMultiEni.Abstractions.ReadModels;

/// <summary>
/// The fleet at a glance, as the fleet index pushes it to every open dashboard: each registered cluster's health and
/// its index's counts, and the last hour. <see cref="Version"/> grows with every change the index saw.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FleetOverview(
    [property: Id(0)] long Version,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] IReadOnlyList<ClusterSummary> Clusters,
    [property: Id(3)] IReadOnlyList<ClusterOverview> Indexes,
    [property: Id(4)] FleetHistory History)
{
    public int SelectedNodes => Indexes.Sum(i => i.SelectedNodes);

    public int AttachedEnis => Indexes.Sum(i => i.AttachedEnis);

    public int Problems => Indexes.Sum(i => i.Problems);

    public IEnumerable<NodeEniOverview> NodeEnis => Indexes.SelectMany(i => i.NodeEnis);

    public ClusterOverview IndexOf(string cluster) =>
        Indexes.FirstOrDefault(i => i.Cluster == cluster) ?? ClusterOverview.Empty(cluster);
}
