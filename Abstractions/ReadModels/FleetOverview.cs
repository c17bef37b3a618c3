using AwsMultiEni.Abstractions.Fleet;

namespace AwsMultiEni.Abstractions.ReadModels;

/// <summary>
/// The fleet at a glance, as the fleet index pushes it to every open dashboard: each registered cluster's health and
/// its index's counts, and the last hour. <see cref="Version"/> grows with every change the index saw, from 1 again
/// when the index reactivates (<see cref="Since"/>); the same version means the same rows, whatever <see cref="AsOf"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FleetOverview(
    [property: Id(0)] long Version,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] IReadOnlyList<ClusterSummary> Clusters,
    [property: Id(3)] IReadOnlyList<ClusterOverview> Indexes,
    [property: Id(4)] FleetHistory History)
{
    /// <summary>When the index that counted this activated: versions of a later activation start again.</summary>
    [Id(5)]
    public DateTimeOffset Since { get; init; }

    /// <summary>The same activation's same version: the same counts and rows, read again (with a later <see cref="AsOf"/>).</summary>
    public bool SameVersionAs(FleetOverview other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Since == other.Since && Version == other.Version;
    }

    /// <summary>Counted after <paramref name="other"/>: by a later activation, a later version, or the same version read later.</summary>
    public bool IsNewerThan(FleetOverview other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Since != other.Since)
        {
            return Since > other.Since;
        }

        return Version != other.Version ? Version > other.Version : AsOf > other.AsOf;
    }

    public int SelectedNodes => Indexes.Sum(i => i.SelectedNodes);

    public int AttachedEnis => Indexes.Sum(i => i.AttachedEnis);

    public int Problems => Indexes.Sum(i => i.Problems);

    public IEnumerable<NodeEniOverview> NodeEnis => Indexes.SelectMany(i => i.NodeEnis);

    public ClusterOverview IndexOf(string cluster) =>
        Indexes.FirstOrDefault(i => i.Cluster == cluster) ?? ClusterOverview.Empty(cluster);
}
