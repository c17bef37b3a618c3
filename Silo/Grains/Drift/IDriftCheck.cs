using AwsMultiEni.Abstractions.Fleet;
using Orleans.Concurrency;

namespace AwsMultiEni.Silo.Grains.Drift;

/// <summary>
/// A cluster's periodic comparison with EC2, keyed by the cluster's name. Its own grain, so that watch delivery on
/// the ClusterGrain never waits behind a paginated describe or the orphan sweep's ownership checks. The ClusterGrain
/// asks for a check each drift interval, one-way, and hands over what the check needs: the check never calls back.
/// </summary>
public interface IDriftCheck : IGrainWithStringKey
{
    /// <summary>
    /// Compares the cluster's fleet-tagged ENIs in <paramref name="region"/> (seen through <paramref name="role"/> when
    /// the cluster names one) with what <paramref name="nodeEnis"/> own.
    /// </summary>
    [OneWay]
    Task Check(string region, MemberRole? role, IReadOnlyList<string> nodeEnis, DateTimeOffset requestedAt);
}
