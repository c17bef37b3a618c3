namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// Where each member cluster's Lease lives and how it is held: the <c>Fleet:Lease</c> configuration section
/// (environment: <c>Fleet__Lease__...</c>), one for the whole silo set.
/// </summary>
public sealed record ClusterLeaseSettings
{
    public const string SectionName = "Fleet:Lease";

    /// <summary>
    /// The cluster part's own namespace (<c>deploy/cluster</c>, the <c>awsmultieni-cluster</c> chart's release), where its
    /// Role lets the silo group get, create and update this one Lease and nothing else.
    /// </summary>
    public string Namespace { get; init; } = "awsmultieni-node";

    public string Name { get; init; } = "awsmultieni-fleet";

    /// <summary>How long the lease holds without a renewal (<c>leaseDurationSeconds</c>, whole seconds): how long another silo set waits after this one is gone.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often the holder renews it, and another silo set checks it again. A holder that could not renew stops
    /// watching and changing the cluster before its lease would expire.
    /// </summary>
    public TimeSpan RenewInterval { get; init; } = TimeSpan.FromSeconds(15);
}
