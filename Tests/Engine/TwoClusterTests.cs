using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Two clusters in one fleet whose nodes have the same names (<c>node-0</c>, <c>node-1</c>) on different instances:
/// the same NodeENI applied with kubectl in both gives each cluster its own ENIs, status, events and NodeGrains,
/// and a change in one never reaches the other.
/// </summary>
public sealed class TwoClusterTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Clusters_with_the_same_node_names_are_kept_apart()
    {
        await using var world = await KubectlWorld.StartAsync(clusters: 2);
        foreach (var cluster in new[] { 0, 1 })
        {
            (await world.Kubectl(cluster).RunAsync("label", "node", "node-0", "ng=multi-eni")).Succeeded();
            (await world.Kubectl(cluster).RunAsync("apply", "-f", world.Example("nodeeni-subnet-id.yaml"))).Succeeded();
        }

        (await world.Kubectl(1).RunAsync("apply", "-f", await world.WriteManifestAsync("typo", "subnet-0123456789abcdef0", ["sg-0123456789abcdef0"]))).Succeeded();
        await Poll.UntilAsync(async () => await world.IsReadyAsync("multus-eni", 0) && await world.IsReadyAsync("multus-eni", 1), Deadline, "the NodeENI to be Ready in both clusters", Poll.ProcessInterval);

        var enis = new[] { Assert.Single(await world.EnisAsync("multus-eni", 0)), Assert.Single(await world.EnisAsync("multus-eni", 1)) };
        Assert.Equal(2, (await world.EnisAsync()).Count);
        for (var cluster = 0; cluster < 2; cluster++)
        {
            var eni = enis[cluster];
            Assert.Equal((world.Instance(cluster, 0).InstanceId, "node-0", "attached"), (eni.InstanceId, eni.Node, eni.AttachmentStatus));
            var status = Assert.Single((await world.GetNodeEniAsync("multus-eni", cluster))!.Status!.Attachments!);
            Assert.Equal((eni.EniId, eni.InstanceId), (status.EniId, status.InstanceId));
            var published = Assert.Single((await Node(world, cluster).GetDesiredInterfaces()).Interfaces);
            Assert.Equal(eni.EniId, published.EniId);
        }

        await Poll.UntilAsync(async () => await world.ReadyReasonAsync("typo", 1) == "SubnetNotFound", Deadline, "the bad NodeENI to fail in cluster 1", Poll.ProcessInterval);
        await Poll.UntilAsync(async () => (await world.EventsAsync("typo", 1)).Any(e => e.Reason == "SubnetNotFound"), Deadline, "its Warning event in cluster 1", Poll.ProcessInterval);
        Assert.Empty(await world.EventsAsync("typo", 0));
        Assert.Null(await world.GetNodeEniAsync("typo", 0));

        (await world.Kubectl(0).RunAsync("label", "node", "node-0", "ng-")).Succeeded();

        await Poll.UntilAsync(async () => (await world.EnisAsync("multus-eni", 0)).Count == 0, Deadline, "cluster 0's ENI to be deleted", Poll.ProcessInterval);
        Assert.Equal(enis[1].EniId, Assert.Single(await world.EnisAsync()).EniId);
        Assert.Empty((await Node(world, 0).GetDesiredInterfaces()).Interfaces);
        Assert.Single((await Node(world, 1).GetDesiredInterfaces()).Interfaces);

        (await world.Kubectl(1).RunAsync("delete", "nodeeni", "multus-eni", "--timeout=45s")).Succeeded();

        // Deleted before the finalizer went; describes show it a moment later.
        await Poll.UntilAsync(async () => (await world.EnisAsync()).Count == 0, Deadline, "describes to show no ENI", Poll.ProcessInterval);
        Assert.NotNull(await world.GetNodeEniAsync("multus-eni", 0));
    }

    private static INodeGrain Node(KubectlWorld world, int cluster) =>
        world.Grains.GetGrain<INodeGrain>(GrainKey.Join(world.ClusterName(cluster), "node-0"));
}
