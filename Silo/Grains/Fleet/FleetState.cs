using AwsMultiEni.Abstractions.Fleet;

namespace AwsMultiEni.Silo.Grains.Fleet;

/// <summary>The persisted cluster registry, by cluster name.</summary>
[GenerateSerializer]
public sealed class FleetState
{
    [Id(0)]
    public Dictionary<string, ClusterRegistration> Clusters { get; set; } = new(StringComparer.Ordinal);
}
