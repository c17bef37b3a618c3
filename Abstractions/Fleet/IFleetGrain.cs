using AwsMultiEni.Abstractions.Security;

namespace AwsMultiEni.Abstractions.Fleet;

/// <summary>The cluster registry of the whole fleet; one grain, keyed <see cref="Key"/>.</summary>
public interface IFleetGrain : IGrainWithStringKey
{
    public const string Key = "fleet";

    /// <summary>Adds the cluster, or replaces its settings; its watchers start (or restart) at once.</summary>
    Task Register(ClusterRegistration registration);

    /// <summary>Stops watching the cluster; its ENIs stay as they are. False when it was not registered.</summary>
    Task<bool> Unregister(string cluster);

    [ReadCall]
    Task<IReadOnlyList<ClusterSummary>> ListClusters();
}
