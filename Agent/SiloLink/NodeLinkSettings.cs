using AwsMultiEni.Abstractions.Keys;

namespace AwsMultiEni.Agent.SiloLink;

/// <summary>
/// Which NodeGrain the link serves and its rhythm. The subscription is renewed well inside the
/// five minutes after which the grain's observer manager forgets a subscriber.
/// </summary>
public sealed record NodeLinkSettings(string Cluster, string NodeName, TimeSpan ResyncInterval)
{
    public TimeSpan SubscriptionRefresh { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the IPAM store is read for a change in pod-address use worth reporting.</summary>
    public TimeSpan AddressUseInterval { get; init; } = TimeSpan.FromSeconds(5);

    public string NodeKey => GrainKey.Join(Cluster, NodeName);
}
