using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;
using k8s;

namespace AwsMultiEni.Tests.Kubernetes;

public sealed class MultiClusterTests
{
    [Fact]
    public async Task Two_clusters_with_overlapping_names_keep_their_objects_and_events_apart()
    {
        await using var env = await KubeTestEnvironment.StartAsync(clusters: 2, names: ["east", "west"]);
        var (east, west) = (env[0], env[1]);
        east.AddNode(new SimulatedNode("node-1", "us-east-1a", "i-0aaaaaaaaaaaaaaa1", "m5.large"));
        west.AddNode(new SimulatedNode("node-1", "us-east-1b", "i-0bbbbbbbbbbbbbbb1", "m5.large"));
        var (eastConnection, westConnection) = (env.Connect(east), env.Connect(west));
        var (eastNodes, westNodes) = (env.Watch(eastConnection.WatchNodes()), env.Watch(westConnection.WatchNodes()));
        var (eastEnis, westEnis) = (env.Watch(eastConnection.WatchNodeEnis()), env.Watch(westConnection.WatchNodeEnis()));
        var ct = TestContext.Current.CancellationToken;

        await KubeTestEnvironment.CreateNodeEniAsync(env.AdminClient(east), "only-east");
        await eastConnection.Events.RecordAsync(
            new EventSubject(NodeEni.ApiVersionValue, NodeEni.KindValue, "only-east", null), EventSeverity.Normal, "ENIAttached", "attached", ct);
        await eastEnis.WaitForAsync(c => c.Object.Name == "only-east", "the east NodeENI");
        await westNodes.WaitForAsync(c => c.Object.Name == "node-1", "the west node");
        await eastNodes.WaitForAsync(c => c.Object.Name == "node-1", "the east node");

        // The west watch lists on its own schedule: only once its list is in does "no NodeENI" mean anything.
        await Poll.UntilAsync(() => westEnis.Watcher.IsSynced, TimeSpan.FromSeconds(30), "the west NodeENI watch to finish its first list");
        Assert.Empty(westEnis.Changes);
        Assert.Empty((await env.AdminClient(west).CoreV1.ListEventForAllNamespacesAsync(cancellationToken: ct)).Items);
        Assert.Single((await env.AdminClient(east).CoreV1.ListEventForAllNamespacesAsync(cancellationToken: ct)).Items);
        Assert.Equal("i-0aaaaaaaaaaaaaaa1", eastNodes.Watcher.Snapshot["node-1"].InstanceId);
        Assert.Equal("i-0bbbbbbbbbbbbbbb1", westNodes.Watcher.Snapshot["node-1"].InstanceId);
    }
}
