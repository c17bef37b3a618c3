using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Kubernetes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A cluster's registration changes on the silo of its ClusterGrain, but its NodeENIs run on every silo, each with
/// that silo's cached connection. Two silos; a NodeENI's grain is placed on the silo that does not run the cluster's
/// watch, so that it holds a connection only a registration change can make stale.
/// </summary>
public sealed class RegistrationChangeTests
{
    private const string NodeEniName = "moved";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_cluster_registered_again_at_a_new_endpoint_is_reached_there_from_every_silo()
    {
        // Sweeps are rare here, so only the next use itself can notice that the registration changed.
        await using var world = await EngineWorld.StartAsync(new EngineWorldOptions { Silos = 2, RegisterCluster = false, ConnectionSweepInterval = TimeSpan.FromHours(1) });
        // Where the cluster's API server used to be: another endpoint serving a cluster of the same name.
        await using var before = await KubeTestEnvironment.StartAsync(names: [world.ClusterName]);
        await EngineSilos.RegisterAsync(world.Grains, world.ClusterName, ClusterSeeder.AllowSilo(before[0]));
        var oldAdmin = before.AdminClient(before[0]);
        await PlaceNodeEniAwayFromTheWatchAsync(world);
        await KubeTestEnvironment.CreateNodeEniAsync(oldAdmin, NodeEniName);
        var seenBefore = await Poll.ForValueAsync(
            async () => await KubeTestEnvironment.GetNodeEniAsync(oldAdmin, NodeEniName) is { Status.ObservedGeneration: not null } n ? n : null,
            Deadline,
            "the NodeENI at the old endpoint to get a status");

        await world.RegisterClusterAsync();
        foreach (var node in world.Nodes)
        {
            await world.LabelAsync(node, EngineWorld.Selector);
        }

        await world.CreateNodeEniAsync(NodeEniName, world.Spec());

        await Poll.UntilAsync(async () => await world.ReadyGenerationAsync(NodeEniName) == 1, Deadline, "the NodeENI at the new endpoint to be Ready");
        Assert.Equal(2, world.EnisOf(NodeEniName).Count);
        var seenAfter = await KubeTestEnvironment.GetNodeEniAsync(oldAdmin, NodeEniName);
        Assert.Equal(seenBefore.Metadata.ResourceVersion, seenAfter?.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task An_unregistered_cluster_leaves_no_connection_open_on_any_silo()
    {
        await using var world = await EngineWorld.StartAsync(new EngineWorldOptions { Silos = 2, ConnectionSweepInterval = TimeSpan.FromMilliseconds(200) });
        await PlaceNodeEniAwayFromTheWatchAsync(world);
        await world.CreateNodeEniAsync(NodeEniName, world.Spec());
        await Poll.UntilAsync(async () => await world.ReadyGenerationAsync(NodeEniName) == 1, Deadline, "the NodeENI to be Ready");
        Assert.All(world.Silos.Silos, silo => Assert.True(HasConnection(silo, world.ClusterName), $"silo {silo.Name} has no connection to the cluster before it is unregistered"));

        Assert.True(await world.Grains.GetGrain<IFleetGrain>(IFleetGrain.Key).Unregister(world.ClusterName));

        await Poll.UntilAsync(() => !world.Silos.Silos.Any(silo => HasConnection(silo, world.ClusterName)), Deadline, "every silo to close its connection to the unregistered cluster");
        Assert.Empty(await world.Grains.GetGrain<IFleetGrain>(IFleetGrain.Key).ListClusters());
    }

    /// <summary>Activates the NodeENI's grain, before the NodeENI exists, on the silo that does not run the cluster's watch.</summary>
    private static async Task PlaceNodeEniAwayFromTheWatchAsync(EngineWorld world)
    {
        var watchedOn = (await world.Grains.GetGrain<IClusterGrain>(world.ClusterName).GetSummary()).Watch.Silo;
        var away = world.Silos.Silos.Single(s => s.SiloAddress.ToString() != watchedOn).SiloAddress;
        RequestContext.Set(IPlacementDirector.PlacementHintKey, away);
        try
        {
            await NodeEniGrain(world).Get();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        Assert.Equal(away, await world.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(NodeEniGrain(world)));
    }

    private static INodeEniGrain NodeEniGrain(EngineWorld world) => world.Grains.GetGrain<INodeEniGrain>(GrainKey.Join(world.ClusterName, NodeEniName));

    private static bool HasConnection(InProcessSiloHandle silo, string cluster) =>
        silo.ServiceProvider.GetRequiredService<ClusterConnections>().Open.Any(s => s.Name == cluster);
}
