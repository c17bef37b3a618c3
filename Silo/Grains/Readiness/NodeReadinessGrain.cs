using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Silo.Grains.Clusters;
using AwsMultiEni.Silo.Grains.NodeEnis;
using AwsMultiEni.Silo.Hosting;
using AwsMultiEni.Silo.Kubernetes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace AwsMultiEni.Silo.Grains.Readiness;

/// <summary>
/// A node is ready for pods that need its secondary network once every NodeENI that selects it has its ENIs attached
/// there and the node's agent reports their interfaces configured (up, or bound for DPDK, with no error); a node no
/// NodeENI selects is ready at once. Each NodeENI answers for all its tainted nodes in one call.
/// </summary>
[PreferLocalPlacement]
public sealed class NodeReadinessGrain(
    ClusterConnections connections,
    SiloLifetime lifetime,
    IOptions<FleetSettings> settings,
    TimeProvider clock,
    ILogger<NodeReadinessGrain> logger) : Grain, INodeReadinessCheck
{
    private string Cluster => this.GetPrimaryKeyString();

    public async Task Check(ClusterRegistration registration, IReadOnlyList<TaintedNode> nodes, DateTimeOffset requestedAt)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(nodes);
        if (clock.GetUtcNow() - requestedAt > settings.Value.StartupTaintCheckInterval)
        {
            // Queued behind a check that took longer than the interval: the next request is already on its way.
            return;
        }

        var converged = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var nodeEni in nodes.SelectMany(n => n.NodeEnis).Distinct(StringComparer.Ordinal))
        {
            var selected = nodes.Where(n => n.NodeEnis.Contains(nodeEni)).Select(n => n.Name).ToList();
            converged[nodeEni] = await GrainFactory.GetGrain<INodeEniReconciler>(GrainKey.Join(Cluster, nodeEni)).ConvergedNodes(selected);
        }

        var ready = nodes.Where(n => n.NodeEnis.All(e => converged[e].Contains(n.Name))).ToList();
        if (ready.Count == 0)
        {
            return;
        }

        var connection = await connections.GetAsync(registration.ToConnectionSettings());
        foreach (var node in ready)
        {
            if (await connection.NodeReadiness.MarkReadyAsync(node.Name, settings.Value.StartupTaint, settings.Value.ReadyLabel, lifetime.Stopping))
            {
                ReadinessLog.NodeReady(logger, Cluster, node.Name, node.NodeEnis.Count);
            }
        }
    }
}
