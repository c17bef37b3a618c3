using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Grains.NodeEnis;

namespace AwsMultiEni.Silo.Grains.Clusters;

/// <summary>
/// The periodic comparison with EC2: one paginated describe of the cluster's fleet-tagged ENIs per drift
/// interval, handed to the NodeENIs (which repair what drifted), and the orphan sweep of available ENIs
/// that no attachment owns any more, deleted once they stayed orphaned for the grace period.
/// </summary>
public sealed partial class ClusterGrain
{
    private readonly Dictionary<string, DateTimeOffset> _orphansSince = new(StringComparer.Ordinal);
    private IGrainTimer? _drift;

    private async Task CheckDriftAsync(CancellationToken timerStopped)
    {
        using var work = lifetime.Link(timerStopped);
        var cancellationToken = work.Token;
        AnnounceNodesSynced();
        if (state.State.Registration is not { } registration)
        {
            return;
        }

        var describedAt = clock.GetUtcNow();
        var ec2 = ec2Gateways.ForRegion(registration.Region);
        IReadOnlyList<Ec2NetworkInterface> enis;
        try
        {
            enis = await ec2.DescribeFleetNetworkInterfacesAsync(Cluster, cancellationToken);
        }
        catch (Ec2RequestException ex)
        {
            ClusterLog.DriftCheckFailed(logger, ex, Cluster);
            return;
        }

        foreach (var group in enis.GroupBy(e => e.Tags.GetValueOrDefault("NodeENI")).Where(g => g.Key is not null && _nodeEnis.ContainsKey(g.Key)))
        {
            NodeEniGrain(group.Key!).Verify([.. group.Select(ObservedEni.From)], describedAt).Ignore();
        }

        foreach (var name in _nodeEnis.Keys.Where(n => !enis.Any(e => e.Tags.GetValueOrDefault("NodeENI") == n)))
        {
            NodeEniGrain(name).Verify([], describedAt).Ignore();
        }

        await SweepOrphansAsync(enis, ec2, describedAt, cancellationToken);
    }

    private async Task SweepOrphansAsync(IReadOnlyList<Ec2NetworkInterface> enis, IEc2Gateway ec2, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var eni in enis.Where(e => e.Status == "available"))
        {
            var key = eni.Tags.GetValueOrDefault(EniTags.AttachmentKeyKey);
            if (key is not null && key.Split(GrainKey.Separator).Length == 3 && await GrainFactory.GetGrain<IAttachmentLifecycle>(key).Owns(eni.NetworkInterfaceId))
            {
                continue;
            }

            candidates.Add(eni.NetworkInterfaceId);
            var since = _orphansSince.TryGetValue(eni.NetworkInterfaceId, out var seen) ? seen : _orphansSince[eni.NetworkInterfaceId] = now;
            if (now - since >= settings.Value.OrphanGracePeriod)
            {
                await ec2.DeleteNetworkInterfaceAsync(eni.NetworkInterfaceId, cancellationToken);
                candidates.Remove(eni.NetworkInterfaceId);
                ClusterLog.OrphanDeleted(logger, Cluster, eni.NetworkInterfaceId, key);
            }
        }

        foreach (var gone in _orphansSince.Keys.Where(k => !candidates.Contains(k)).ToList())
        {
            _orphansSince.Remove(gone);
        }
    }
}
