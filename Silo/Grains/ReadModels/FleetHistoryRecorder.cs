using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.ReadModels;

namespace AwsMultiEni.Silo.Grains.ReadModels;

/// <summary>
/// The fleet's last hour as the fleet index sees it go by: the silos' EC2 use per bucket, the attachment rows by
/// status, and rollouts, each timed from a NodeENI's creation (or, for a later generation, from when the index first
/// saw it not Ready) to its Ready condition turning True. In memory: after a restart the charts start again from there.
/// </summary>
internal sealed class FleetHistoryRecorder
{
    private const int RolloutsKept = 20;

    private readonly LastHour<Dictionary<string, Ec2BucketUsage>> _ec2 = new();
    private readonly LastHour<IReadOnlyDictionary<string, int>> _statuses = new();
    private readonly Dictionary<string, (long? Generation, DateTimeOffset Started)> _rolling = new(StringComparer.Ordinal);
    private readonly Queue<RolloutTime> _rollouts = new();

    public void Observe(IEnumerable<ClusterOverview> all, ClusterOverview changed, DateTimeOffset now)
    {
        var byStatus = all.SelectMany(o => o.ByStatus).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        _statuses.Update(now, _ => byStatus);

        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var nodeEni in changed.NodeEnis)
        {
            var key = GrainKey.Join(changed.Cluster, nodeEni.Name);
            present.Add(key);
            var known = _rolling.TryGetValue(key, out var rolling);
            if (!nodeEni.IsReady && !nodeEni.Deleting && (!known || rolling.Generation != nodeEni.Generation))
            {
                // A new NodeENI's rollout began when it was created; a new spec's, when its generation first showed here.
                _rolling[key] = (nodeEni.Generation, nodeEni.Generation == 1 && nodeEni.Created is { } created && created <= now ? created : now);
            }
            else if (nodeEni.IsReady && known)
            {
                _rolling.Remove(key);
                var converged = nodeEni.Ready?.LastTransitionTime is { } at && at >= rolling.Started ? at : now;
                _rollouts.Enqueue(new RolloutTime(changed.Cluster, nodeEni.Name, nodeEni.Generation, rolling.Started, converged));
                while (_rollouts.Count > RolloutsKept)
                {
                    _rollouts.Dequeue();
                }
            }
        }

        var prefix = changed.Cluster + GrainKey.Separator;
        foreach (var gone in _rolling.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !present.Contains(k)).ToList())
        {
            _rolling.Remove(gone);
        }
    }

    public void AddEc2(DateTimeOffset at, IReadOnlyList<Ec2BucketUsage> buckets) =>
        _ec2.Update(at, minute =>
        {
            minute ??= new Dictionary<string, Ec2BucketUsage>(StringComparer.Ordinal);
            foreach (var bucket in buckets)
            {
                minute[bucket.Bucket] = minute.TryGetValue(bucket.Bucket, out var sum) ? sum.Plus(bucket) : bucket;
            }

            return minute;
        });

    public FleetHistory Snapshot(DateTimeOffset now) => new(
        [.. _ec2.Through(now, _ => []).Select(m => new Ec2UsageMinute(m.Minute, [.. m.Value.Values.OrderBy(b => b.Bucket, StringComparer.Ordinal)]))],
        [.. _statuses.Through(now, previous => previous ?? new Dictionary<string, int>()).Select(m => new StatusMinute(m.Minute, m.Value))],
        [.. _rollouts.Reverse()]);
}
