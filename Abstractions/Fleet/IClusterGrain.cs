using AwsMultiEni.Abstractions.Security;
using Orleans.Concurrency;

namespace AwsMultiEni.Abstractions.Fleet;

/// <summary>One registered cluster, keyed by its name: its watchers and what they have seen.</summary>
public interface IClusterGrain : IGrainWithStringKey
{
    [ReadCall]
    [ReadOnly]
    Task<ClusterSummary> GetSummary();

    /// <summary>Names of the cluster's NodeENIs, for <c>INodeEniGrain</c> keys <c>{cluster}/{name}</c>.</summary>
    [ReadCall]
    [ReadOnly]
    Task<IReadOnlyList<string>> ListNodeEnis();

    [ReadCall]
    [ReadOnly]
    Task<IReadOnlyList<NodeSummary>> ListNodes();
}

/// <summary>What the fleet knows of one Node.</summary>
[GenerateSerializer]
public sealed record NodeSummary(
    [property: Id(0)] string Name,
    [property: Id(1)] string? InstanceId,
    [property: Id(2)] string? AvailabilityZone,
    [property: Id(3)] string? InstanceType,
    [property: Id(4)] IReadOnlyDictionary<string, string> Labels);
