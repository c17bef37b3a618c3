using AwsMultiEni.Abstractions.Fleet;

namespace AwsMultiEni.Silo.Grains.Clusters;

/// <summary>What survives the ClusterGrain's silo: how to reach the cluster (null once unregistered).</summary>
[GenerateSerializer]
public sealed class ClusterState
{
    [Id(0)]
    public ClusterRegistration? Registration { get; set; }
}
