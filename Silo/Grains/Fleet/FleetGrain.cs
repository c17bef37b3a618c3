using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Grains.Clusters;
using AwsMultiEni.Silo.Hosting;

namespace AwsMultiEni.Silo.Grains.Fleet;

/// <summary>
/// The cluster registry: persisted here, and each entry handed to its ClusterGrain, which watches it. A client's EKS
/// registration is refused unless EKS confirms its endpoint; configured clusters are added as configured, and their
/// ClusterGrain reports a refused endpoint as its watch error instead of watching.
/// </summary>
public sealed class FleetGrain([PersistentState("fleet")] IPersistentState<FleetState> state, IGrainFactory grains, IEksClusters eks, SiloLifetime lifetime)
    : Grain, IFleetGrain, IFleetRegistry
{
    public async Task Register(ClusterRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        registration.ToConnectionSettings();
        try
        {
            await eks.VerifyEndpointAsync(registration, lifetime.Stopping);
        }
        catch (EksRequestException ex)
        {
            // Without the inner exception: the client's side knows only exceptions Orleans can serialize.
            throw new ArgumentException($"Cluster '{registration.Name}': cannot verify its EKS endpoint, refused: {ex.Message}");
        }

        await Add(registration);
    }

    public async Task Add(ClusterRegistration registration)
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
