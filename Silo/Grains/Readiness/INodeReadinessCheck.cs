using AwsMultiEni.Abstractions.Fleet;
using Orleans.Concurrency;

namespace AwsMultiEni.Silo.Grains.Readiness;

/// <summary>A node carrying the fleet's startup taint, and the NodeENIs that select it.</summary>
[GenerateSerializer, Immutable]
public sealed record TaintedNode([property: Id(0)] string Name, [property: Id(1)] IReadOnlyList<string> NodeEnis);

/// <summary>
/// Takes the startup taint off the cluster's nodes whose secondary network is ready, keyed by the cluster's name.
/// Its own grain, like the drift check: the ClusterGrain hands over the tainted nodes one-way and is never called back.
/// </summary>
public interface INodeReadinessCheck : IGrainWithStringKey
{
    [OneWay]
    Task Check(ClusterRegistration registration, IReadOnlyList<TaintedNode> nodes, DateTimeOffset requestedAt);
}
