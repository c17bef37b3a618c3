using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Grains.NodeEnis;
using AwsMultiEni.Silo.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace AwsMultiEni.Silo.Grains.Drift;

/// <summary>
/// The periodic comparison with EC2: one paginated describe of the cluster's fleet-tagged ENIs per drift
/// interval, handed to the NodeENIs (which repair what drifted), and the orphan sweep of available ENIs
/// that no attachment owns any more, deleted once they stayed orphaned for the grace period. Placed on the silo of
/// the ClusterGrain that asks for the checks, so a cluster's watching and checking share one silo.
/// </summary>
[PreferLocalPlacement]
public sealed class DriftGrain(
    IEc2GatewayFactory ec2Gateways,
    SiloLifetime lifetime,
    IOptions<FleetSettings> settings,
    TimeProvider clock,
    ILogger<DriftGrain> logger) : Grain, IDriftCheck
{
    private readonly Dictionary<string, DateTimeOffset> _orphansSince = new(StringComparer.Ordinal);

    private string Cluster => this.GetPrimaryKeyString();

    public async Task Check(string region, MemberRole? role, IReadOnlyList<string> nodeEnis, DateTimeOffset requestedAt)
    {
        ArgumentNullException.ThrowIfNull(nodeEnis);
        var describedAt = clock.GetUtcNow();
        if (describedAt - requestedAt > settings.Value.DriftInterval)
        {
            // Queued behind a check that took longer than the interval: the next request is already on its way.
            return;
        }

        var ec2 = ec2Gateways.ForRegion(region, role);
        IReadOnlyList<Ec2NetworkInterface> enis;
        try
        {
            enis = await ec2.DescribeFleetNetworkInterfacesAsync(Cluster, lifetime.Stopping);
        }
        catch (Ec2RequestException ex)
        {
            DriftLog.CheckFailed(logger, ex, Cluster);
            return;
        }

        var byNodeEni = enis.Where(e => e.Tags.ContainsKey("NodeENI")).ToLookup(e => e.Tags["NodeENI"], StringComparer.Ordinal);
        foreach (var name in nodeEnis)
        {
            NodeEniGrain(name).Verify([.. byNodeEni[name].Select(ObservedEni.From)], describedAt).Ignore();
        }

        await SweepOrphansAsync(enis, ec2, describedAt, lifetime.Stopping);
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
                DriftLog.OrphanDeleted(logger, Cluster, eni.NetworkInterfaceId, key);
            }
        }

        foreach (var gone in _orphansSince.Keys.Where(k => !candidates.Contains(k)).ToList())
        {
            _orphansSince.Remove(gone);
        }
    }

    private INodeEniReconciler NodeEniGrain(string name) => GrainFactory.GetGrain<INodeEniReconciler>(GrainKey.Join(Cluster, name));
}
