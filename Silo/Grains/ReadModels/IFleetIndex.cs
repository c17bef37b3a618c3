using AwsMultiEni.Abstractions.ReadModels;
using Orleans.Concurrency;

namespace AwsMultiEni.Silo.Grains.ReadModels;

/// <summary>What feeds the fleet index: the clusters' indexes, and each silo's EC2 use.</summary>
public interface IFleetIndex : IFleetIndexGrain
{
    [OneWay]
    Task ClusterChanged(ClusterOverview overview);

    /// <summary>The EC2 use of one silo since its last report, by bucket.</summary>
    [OneWay]
    Task RecordEc2Usage(DateTimeOffset at, IReadOnlyList<Ec2BucketUsage> buckets);
}
