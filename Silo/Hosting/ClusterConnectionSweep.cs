using AwsMultiEni.Silo.Grains.Clusters;
using AwsMultiEni.Silo.Kubernetes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Hosting;

/// <summary>
/// Closes this silo's connections to clusters that were unregistered or registered again with other settings.
/// A cluster's grains run on every silo, but only the silo of its ClusterGrain hears of the change; the others
/// would use the new settings at their next call anyway, and this sweep frees what nothing will call again.
/// </summary>
internal sealed partial class ClusterConnectionSweep(
    ClusterConnections connections, IGrainFactory grains, IOptions<FleetSettings> settings, TimeProvider clock, ILogger<ClusterConnectionSweep> logger)
    : ActiveStageLoop
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(settings.Value.ConnectionSweepInterval, clock);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var open in connections.Open)
            {
                try
                {
                    var registration = await grains.GetGrain<IClusterWatch>(open.Name).GetRegistration();
                    if (registration?.ToConnectionSettings() != open)
                    {
                        await connections.CloseAsync(open);
                        Closed(logger, open.Name, registration is null ? "it is no longer registered" : "it was registered again with other settings");
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Keeping a connection one more period is harmless: every use checks the registration first.
                    SweepFailed(logger, ex, open.Name);
                }
            }
        }
    }

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Closed this silo's connection to cluster {Cluster}: {Why}")]
    private static partial void Closed(ILogger logger, string cluster, string why);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "Could not check the registration of cluster {Cluster}; its connection stays open until the next sweep")]
    private static partial void SweepFailed(ILogger logger, Exception exception, string cluster);
}
