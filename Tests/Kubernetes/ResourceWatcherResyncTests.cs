using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Kubernetes;
using k8s;
using k8s.Models;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>The periodic resync: a relist every ResyncPeriod heals what the watch lost and what the consumer failed to take.</summary>
public sealed class ResourceWatcherResyncTests
{
    private static readonly WatchSettings ResyncEverySecond = KubeTestEnvironment.FastWatch with { ResyncPeriod = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task An_object_whose_delivery_failed_is_delivered_again_at_the_next_resync_though_unchanged()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var admin = env.AdminClient(env[0]);
        var flaky = await KubeTestEnvironment.CreateNodeEniAsync(admin, "flaky");
        await KubeTestEnvironment.CreateNodeEniAsync(admin, "steady");
        await KubeTestEnvironment.CreateNodeEniAsync(admin, "doomed");
        var (flakyAttempts, doomedAttempts) = (0, 0);

        var log = env.Watch(env.Connect(env[0], watch: ResyncEverySecond).WatchNodeEnis(), c => c switch
        {
            { Object.Name: "flaky" } => Interlocked.Increment(ref flakyAttempts) == 1,
            { Kind: ResourceChangeKind.Deleted, Object.Name: "doomed" } => Interlocked.Increment(ref doomedAttempts) == 1,
            _ => false,
        });
        await log.WaitForAsync(c => c.Object.Name == "flaky", "the failed NodeENI delivered again");
        await admin.CustomObjects.DeleteClusterCustomObjectAsync(
            NodeEni.Group, NodeEni.Version, NodeEni.Plural, "doomed", cancellationToken: TestContext.Current.CancellationToken);
        await log.WaitForAsync(c => c.Kind == ResourceChangeKind.Deleted && c.Object.Name == "doomed", "the failed deletion delivered again");

        var redelivered = Assert.Single(log.Changes, c => c.Object.Name == "flaky");
        Assert.Equal((ResourceChangeKind.Added, flaky.Metadata.ResourceVersion), (redelivered.Kind, redelivered.Object.Metadata.ResourceVersion));
        Assert.Equal(2, doomedAttempts);
        Assert.Single(log.Changes, c => c.Object.Name == "steady");
        Assert.True(env.Metrics.Total("kubernetes_watch_restarts_total", ("reason", "resync")) >= 2);
    }

    [Fact]
    public async Task Changes_made_while_the_watch_stream_was_silent_are_healed_by_the_resync()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var cluster = env[0];
        var nodes = KubeTestEnvironment.AddNodes(cluster, 2);
        var (relabelled, removed) = (nodes[0], nodes[1]);
        var log = env.Watch(env.Connect(cluster, watch: KubeTestEnvironment.FastWatch with { ResyncPeriod = TimeSpan.FromSeconds(3) }).WatchNodes());
        await Infrastructure.Poll.UntilAsync(() => log.Watcher.IsSynced && cluster.OpenWatches == 1, TimeSpan.FromSeconds(10), "the list and the watch");

        // The stream stays open and says nothing more: only a relist can tell the watcher what happens now.
        cluster.SilenceWatches();
        var admin = env.AdminClient(cluster);
        var labels = new Dictionary<string, string> { ["ng"] = "multi-eni" };
        await admin.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"ng":"multi-eni"}}}""", V1Patch.PatchType.MergePatch), relabelled, cancellationToken: TestContext.Current.CancellationToken);
        await admin.CoreV1.DeleteNodeAsync(removed, cancellationToken: TestContext.Current.CancellationToken);

        await log.WaitForAsync(c => c.Kind == ResourceChangeKind.Modified && c.Object.Matches(labels), "the label change the silent watch lost");
        await log.WaitForAsync(c => c.Kind == ResourceChangeKind.Deleted && c.Object.Name == removed, "the deletion the silent watch lost");
        Assert.Equal([relabelled], log.Watcher.Snapshot.Keys);
        Assert.True(env.Metrics.Total("kubernetes_watch_restarts_total", ("reason", "resync")) >= 1);
        Assert.Equal(0, env.Metrics.Total("kubernetes_watch_restarts_total", ("reason", "expired")));
    }
}
