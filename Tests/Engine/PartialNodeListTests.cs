using System.Text.Json.Nodes;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Tests.Infrastructure;
using Orleans.Core.Internal;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A node list that may be partial never releases ENIs: the cluster's watch started again on a silo that ran it
/// before, and a watch that had to relist after 410 Gone, both end with the nodes' ENIs untouched. Judged by the EC2
/// emulator's call log: no detach and no delete at all.
/// </summary>
public sealed class PartialNodeListTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_watch_restarted_on_the_same_silo_and_a_relist_after_410_release_nothing()
    {
        await using var world = await EngineWorld.StartAsync();
        foreach (var node in world.Nodes)
        {
            await world.LabelAsync(node, EngineWorld.Selector);
        }

        await world.CreateNodeEniAsync("multus", world.Spec());
        await Poll.UntilAsync(async () => await world.ReadyGenerationAsync("multus") == 1 && world.EnisOf("multus").Count == 2, Deadline, "both nodes' ENIs attached and Ready");
        var cluster = world.Kube[0];

        // The cluster's watch stops and starts again on the same (only) silo, where its connection is still cached.
        await world.Grains.GetGrain<IClusterGrain>(world.ClusterName).AsReference<IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => cluster.OpenWatches == 0, Deadline, "the deactivated cluster's watches to end");
        await world.Grains.GetGrain<IClusterGrain>(world.ClusterName).GetSummary().WaitAsync(TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => cluster.OpenWatches == 2, Deadline, "the cluster to be watched again");

        // A spec change made while the watches are down: the watchers come back to 410 Gone and relist.
        await cluster.WhileWatchesDownAsync(() => world.PatchSpecAsync("multus", new JsonObject { ["description"] = "changed while relisting" }));

        await Poll.UntilAsync(async () => await world.ReadyGenerationAsync("multus") == 2, Deadline, "the changed spec to be Ready");
        Assert.Equal(2, world.EnisOf("multus").Count(e => e.AttachmentStatus == "attached"));
        Assert.Equal((0, 0), (world.Ec2.Calls.Count("DetachNetworkInterface"), world.Ec2.Calls.Count("DeleteNetworkInterface")));
        Assert.Equal(2, world.EnisCreatedByTheFleet().Count);
    }
}
