using AwsMultiEni.Tests.Infrastructure.Leaks;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>How every in-process test cluster starts and stops: no log files, each silo reported while it runs, nothing left running when a deploy fails halfway.</summary>
internal static class TestSilos
{
    /// <param name="registry">Where the silos report while they run; the suite's own when null.</param>
    public static async Task<InProcessTestCluster> DeployAsync(InProcessTestClusterBuilder builder, LiveResources? registry = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Services.TrackSiloLiveness(registry));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await StopAsync(cluster);
            throw;
        }
    }

    /// <summary>Stops every silo still running (a killed one is already gone) and the cluster's client.</summary>
    public static async ValueTask StopAsync(InProcessTestCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        try
        {
            await cluster.StopAllSilosAsync();
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
