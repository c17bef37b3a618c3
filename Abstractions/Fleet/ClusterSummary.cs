namespace AwsMultiEni.Abstractions.Fleet;

/// <summary>One registered cluster as the fleet view shows it.</summary>
[GenerateSerializer]
public sealed record ClusterSummary(
    [property: Id(0)] ClusterRegistration Registration,
    [property: Id(1)] ClusterWatchHealth Watch,
    [property: Id(2)] int Nodes,
    [property: Id(3)] int NodeEnis);

/// <summary>Whether the cluster's watchers are running, on which silo, and the last error they met.</summary>
[GenerateSerializer]
public sealed record ClusterWatchHealth(
    [property: Id(0)] bool Watching,
    [property: Id(1)] string? Silo,
    [property: Id(2)] DateTimeOffset? Since,
    [property: Id(3)] string? LastError);
