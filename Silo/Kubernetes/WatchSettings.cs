namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// How the list+watch loops read every cluster: the <c>Kubernetes:Watch</c> configuration section
/// (environment: <c>Kubernetes__Watch__...</c>), one for the whole silo.
/// </summary>
public sealed record WatchSettings
{
    public const string SectionName = "Kubernetes:Watch";

    /// <summary>Asked of the server per watch request, so connections are recycled regularly.</summary>
    public int TimeoutSeconds { get; init; } = 300;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Items per list request (<c>limit</c>): a relist of a large cluster reads pages of this many, all from one
    /// snapshot, so no one response carries a whole large cluster. kubectl's default.
    /// </summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// How often a watcher relists although its watch seems fine, diffed against what it knows: heals an event the
    /// watch lost or a watch stream gone silent, and delivers again what the consumer failed to take.
    /// </summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);
}
