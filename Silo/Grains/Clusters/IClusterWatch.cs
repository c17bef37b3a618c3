using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Kubernetes;
using Orleans.Concurrency;

namespace AwsMultiEni.Silo.Grains.Clusters;

/// <summary>
/// The silo-side face of a ClusterGrain: the fleet starts and stops its watchers, the watchers
/// deliver what they see through it (so every change is handled as a grain call), and the
/// cluster's other grains read its registration and node inventory. Reads interleave: a NodeENI planning never
/// waits behind watch deliveries, nor they behind it.
/// </summary>
public interface IClusterWatch : IGrainWithStringKey
{
    Task Start(ClusterRegistration registration);

    Task Stop();

    [ReadOnly]
    Task<ClusterRegistration?> GetRegistration();

    /// <summary>
    /// The registration for a grain about to change the cluster (null when unregistered); refused while this silo set
    /// does not hold the cluster's lease, so nothing is written to a cluster another set manages.
    /// </summary>
    [ReadOnly]
    Task<ClusterRegistration?> GetManagedRegistration();

    [ReadOnly]
    Task<NodeInventory> GetNodes();

    Task NodeChanged(NodeFacts node, bool deleted);

    Task NodeEniChanged(NodeEni nodeEni, bool deleted);
}

/// <summary>
/// The cluster's nodes; <see cref="Synced"/> is false until the node watcher's first list is in, when an
/// empty or partial list must not be taken to mean that nodes are gone.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NodeInventory([property: Id(0)] bool Synced, [property: Id(1)] IReadOnlyList<NodeFacts> Nodes);
