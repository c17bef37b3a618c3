using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Silo.Grains.NodeEnis;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace AwsMultiEni.Silo.Hosting;

/// <summary>
/// When the membership declares a silo dead, asks the fleet for every cluster's summary: that call activates each
/// ClusterGrain that lived on the dead silo on a survivor, whose activation starts the watchers. Then every NodeENI
/// reconciles, which wakes the dead silo's attachments. Without it a cluster would stay unwatched, and an
/// attachment in flight would stay still, until its reminder ticks (up to a minute after the death).
/// </summary>
internal sealed partial class ClusterTakeover(IClusterMembershipService membership, IGrainFactory grains, ILogger<ClusterTakeover> logger)
    : ActiveStageLoop
{
    private const int Attempts = 10;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var dead = new HashSet<SiloAddress>(membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress));
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var newlyDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress)).ToList();
                if (newlyDead.Count > 0)
                {
                    var deadSilos = string.Join(", ", newlyDead.Select(m => m.SiloAddress));
                    DeathSeen(logger, deadSilos);
                    await TakeOverAsync(deadSilos, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            TakeoverStopped(logger);
        }
    }

    /// <summary>Retried: right after a death, a call may still be routed to the dead silo's activation until the directory catches up.</summary>
    private async Task TakeOverAsync(string deadSilos, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                var clusters = await grains.GetGrain<IFleetGrain>(IFleetGrain.Key).ListClusters();
                foreach (var cluster in clusters.Select(c => c.Registration.Name))
                {
                    // The dead silo may also have held attachments of NodeENIs that live on: a reconcile ensures every
                    // attachment again, which re-activates those here instead of after their one-minute reminder.
                    foreach (var nodeEni in await grains.GetGrain<IClusterGrain>(cluster).ListNodeEnis())
                    {
                        await grains.GetGrain<INodeEniReconciler>(GrainKey.Join(cluster, nodeEni)).NodesChanged();
                    }
                }

                TookOver(logger, deadSilos, clusters.Count);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Giving up is safe: each cluster's reminder still moves its watchers, only later.
                TakeoverFailed(logger, ex, deadSilos, attempt);
            }

            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Silo(s) {DeadSilos} declared dead: waking the fleet's clusters")]
    private static partial void DeathSeen(ILogger logger, string deadSilos);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Silo(s) {DeadSilos}: {Clusters} cluster(s) checked for a watcher")]
    private static partial void TookOver(ILogger logger, string deadSilos, int clusters);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Silo(s) {DeadSilos}: waking the clusters failed (attempt {Attempt} of 10)")]
    private static partial void TakeoverFailed(ILogger logger, Exception exception, string deadSilos, int attempt);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Debug, Message = "Cluster takeover stopped with the silo")]
    private static partial void TakeoverStopped(ILogger logger);
}
