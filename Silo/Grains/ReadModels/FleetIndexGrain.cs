using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.ReadModels;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace AwsMultiEni.Silo.Grains.ReadModels;

/// <summary>
/// The fleet's read model for people. The clusters' indexes push their overviews here and each silo its EC2 use;
/// the registry's cluster health is read every <see cref="ClusterReadPeriod"/>, whoever is watching. Subscribed
/// dashboards get the overview at most once per <see cref="NotifyInterval"/>, so an open dashboard costs one push
/// per change and one query per page shown, however large the fleet. Nothing is stored: an activation reads the
/// registry and each cluster's index again, and each index asks its NodeENIs for their rows.
/// </summary>
public sealed class FleetIndexGrain(TimeProvider clock, ILogger<FleetIndexGrain> logger) : Grain, IFleetIndex
{
    public static readonly TimeSpan NotifyInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ClusterReadPeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(3);

    private readonly ObserverManager<IFleetObserver> _observers = new(SubscriptionLifetime, logger);
    private readonly Dictionary<string, ClusterOverview> _indexes = new(StringComparer.Ordinal);
    private readonly FleetHistoryRecorder _history = new();
    private readonly Coalescer _notify = new();
    private IReadOnlyList<ClusterSummary> _clusters = [];
    private long _version;
    private DateTimeOffset _since;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _since = clock.GetUtcNow();
        this.RegisterGrainTimer(_ => ReadClustersAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, ClusterReadPeriod));
        return Task.CompletedTask;
    }

    public Task<FleetOverview> GetOverview() => Task.FromResult(Overview());

    public Task<AttachmentPage> Query(AttachmentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return FleetPages.QueryAsync(
            query.Cluster is { } one ? [one] : [.. _indexes.Keys],
            query,
            (cluster, part) => GrainFactory.GetGrain<IClusterIndexGrain>(cluster).Query(part));
    }

    public Task Subscribe(IFleetObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IFleetObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task ClusterChanged(ClusterOverview overview)
    {
        ArgumentNullException.ThrowIfNull(overview);
        _indexes[overview.Cluster] = overview;
        _history.Observe(_indexes.Values, overview, clock.GetUtcNow());
        Changed();
        return Task.CompletedTask;
    }

    public Task RecordEc2Usage(DateTimeOffset at, IReadOnlyList<Ec2BucketUsage> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        _history.AddEc2(at, buckets);
        Changed();
        return Task.CompletedTask;
    }

    /// <summary>The registry's clusters and their watch health; an index not heard from yet is asked, which activates it.</summary>
    private async Task ReadClustersAsync()
    {
        var clusters = await GrainFactory.GetGrain<IFleetGrain>(IFleetGrain.Key).ListClusters();
        var changed = !clusters.SequenceEqual(_clusters);
        _clusters = clusters;
        var registered = clusters.Select(c => c.Registration.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _indexes.Keys.Where(c => !registered.Contains(c)).ToList())
        {
            changed |= _indexes.Remove(gone);
        }

        foreach (var cluster in registered.Where(c => !_indexes.ContainsKey(c)))
        {
            _indexes[cluster] = await GrainFactory.GetGrain<IClusterIndexGrain>(cluster).GetOverview();
            changed = true;
        }

        if (changed)
        {
            Changed();
        }
    }

    private void Changed()
    {
        _version++;
        _notify.Schedule(this, NotifyInterval, clock, () =>
        {
            var overview = Overview();
            return _observers.Notify(o => o.FleetChanged(overview));
        });
    }

    private FleetOverview Overview()
    {
        var now = clock.GetUtcNow();
        return new FleetOverview(_version, now, _clusters, [.. _indexes.Values.OrderBy(i => i.Cluster, StringComparer.Ordinal)], _history.Snapshot(now)) { Since = _since };
    }
}
