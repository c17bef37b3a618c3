using AwsMultiEni.Abstractions.ReadModels;
using AwsMultiEni.Tests.Infrastructure;
using Orleans.Core.Internal;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// The read models the dashboard reads: a NodeENI applied with kubectl shows in its cluster's index (its ENI, the node
/// it cannot serve, its overview) and in the fleet's overview; a subscribed observer is pushed a change as it happens;
/// and indexes lost with their activations are rebuilt from the NodeENIs, since nothing of them is stored.
/// </summary>
public sealed class FleetIndexTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task The_index_follows_the_world_pushes_changes_and_is_rebuilt_after_deactivation()
    {
        await using var world = await KubectlWorld.StartAsync(clusters: 1, nodesPerCluster: 2);
        var cluster = world.ClusterName(0);
        var fleet = world.Grains.GetGrain<IFleetIndexGrain>(IFleetIndexGrain.Key);
        foreach (var node in new[] { "node-0", "node-1" })
        {
            (await world.Kubectl().RunAsync("label", "node", node, "ng=multi-eni")).Succeeded();
        }

        // The example's one subnet lies in node-0's zone: node-1 is selected but cannot be served.
        (await world.Kubectl().RunAsync("apply", "-f", world.Example("nodeeni-subnet-id.yaml"))).Succeeded();
        var eni = Assert.Single(await Poll.ForValueAsync(async () => await world.EnisAsync("multus-eni") is { Count: 1 } list && list[0].AttachmentStatus == "attached" ? list : null, Deadline, "the ENI on node-0", Poll.ProcessInterval));

        var overview = await Poll.ForValueAsync(
            async () => await fleet.GetOverview() is { AttachedEnis: 1, SelectedNodes: 2 } o && o.NodeEnis.Any(n => n.Ready?.Reason == "NoSubnetInZone") ? o : null,
            Deadline,
            "the fleet overview to count the ENI and both selected nodes");
        Assert.Equal([cluster], overview.Clusters.Select(c => c.Registration.Name));
        var nodeEni = Assert.Single(overview.NodeEnis);
        Assert.Equal(("multus-eni", 2, 1, 1), (nodeEni.Name, nodeEni.Summary.Desired, nodeEni.Summary.Attached, nodeEni.Summary.Failed));
        Assert.Equal(2, overview.Problems);

        var found = await fleet.Query(new AttachmentQuery { Text = eni.EniId });
        var row = Assert.Single(found.Rows);
        Assert.Equal((1, cluster, "multus-eni", "node-0", "attached", world.Instance(0, 0).InstanceId), (found.Total, row.Cluster, row.NodeEni, row.Node, row.Status, row.Eni.InstanceId));
        var problem = Assert.Single((await fleet.Query(new AttachmentQuery { ProblemsOnly = true, Sort = AttachmentSort.Problem })).Rows);
        Assert.Equal(("node-1", AttachmentRow.UnservedStatus, "NoSubnetInZone"), (problem.Node, problem.Status, problem.ProblemReason));
        Assert.Equal(0, (await fleet.Query(new AttachmentQuery { Text = "no-such-node" })).Total);

        // Nothing is stored: deactivated, the indexes are rebuilt by asking the cluster's NodeENIs again.
        await world.Grains.GetGrain<IClusterIndexGrain>(cluster).Cast<IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);
        await fleet.Cast<IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);
        await Poll.UntilAsync(async () => (await fleet.Query(new AttachmentQuery())).Total == 2, Deadline, "the rebuilt index to hold both rows again");
        Assert.Equal(eni.EniId, Assert.Single((await fleet.Query(new AttachmentQuery { Cluster = cluster, Node = "node-0" })).Rows).Eni.EniId);

        var observer = new RecordingObserver();
        var reference = world.Grains.CreateObjectReference<IFleetObserver>(observer);
        await fleet.Subscribe(reference);
        (await world.Kubectl().RunAsync("label", "node", "node-0", "ng-")).Succeeded();
        await Poll.UntilAsync(() => observer.Last is { AttachedEnis: 0, SelectedNodes: 1 }, Deadline, "a push saying the ENI is gone");
        Assert.Empty((await fleet.Query(new AttachmentQuery { Text = eni.EniId })).Rows);
        await fleet.Unsubscribe(reference);
        world.Grains.DeleteObjectReference<IFleetObserver>(reference);
    }

    private sealed class RecordingObserver : IFleetObserver
    {
        public FleetOverview? Last { get; private set; }

        public Task FleetChanged(FleetOverview overview)
        {
            Last = overview;
            return Task.CompletedTask;
        }
    }
}
