using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Silo.Grains.Clusters;

namespace AwsMultiEni.Silo.Grains.Fleet;

/// <summary>The cluster registry: persisted here, and each entry handed to its ClusterGrain, which watches it.</summary>
public sealed class FleetGrain([PersistentState("fleet")] IPersistentState<FleetState> state, IGrainFactory grains) : Grain, IFleetGrain
{
    public async Task Register(ClusterRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        registration.ToConnectionSettings();
        if (!state.State.Clusters.TryGetValue(registration.Name, out var known) || known != registration)
        {
            state.State.Clusters[registration.Name] = registration;
            await state.WriteStateAsync();
        }

        await grains.GetGrain<IClusterWatch>(registration.Name).Start(registration);
    }

    public async Task<bool> Unregister(string cluster)
    {
        if (!state.State.Clusters.Remove(cluster))
        {
            return false;
        }

        await state.WriteStateAsync();
        await grains.GetGrain<IClusterWatch>(cluster).Stop();
        return true;
    }

    public async Task<IReadOnlyList<ClusterSummary>> ListClusters() =>
        await Task.WhenAll(state.State.Clusters.Keys.Order(StringComparer.Ordinal).Select(c => grains.GetGrain<IClusterGrain>(c).GetSummary()));
}
