using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Silo.Grains.Fleet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace AwsMultiEni.Silo.Hosting;

/// <summary>
/// Registers the configured clusters with the fleet once the silo is active. Registration is
/// idempotent, so every silo of the set doing it at start is harmless. An EKS endpoint EKS does not confirm does not stop
/// the silo: the cluster's watch reports it.
/// </summary>
internal sealed partial class ConfiguredClusters(IOptions<FleetSettings> settings, IGrainFactory grains, ILogger<ConfiguredClusters> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ConfiguredClusters), ServiceLifecycleStage.Active, RegisterAsync);

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var fleet = grains.GetGrain<IFleetRegistry>(IFleetGrain.Key);
        var clusters = settings.Value.Clusters;
        for (var i = 0; i < clusters.Count; i++)
        {
            var registration = clusters[i].ToRegistration(i);
            await fleet.Add(registration);
            Registered(logger, registration.Name, registration.Region);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Registered configured cluster {Cluster} in {Region}")]
    private static partial void Registered(ILogger logger, string cluster, string region);
}
