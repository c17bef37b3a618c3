using System.Text.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Silo.Kubernetes;
using k8s;
using k8s.Models;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>The silo's list+watch against the emulator: resume, 410 relist, deletions across a disconnect.</summary>
public sealed class ResourceWatcherTests
{
    [Fact]
    public async Task Watch_resumes_from_its_resourceVersion_after_the_server_drops_the_stream()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var admin = env.AdminClient(env[0]);
        var log = env.Watch(env.Connect(env[0]).WatchNodeEnis());
        await KubeTestEnvironment.CreateNodeEniAsync(admin, "first");
        await log.WaitForAsync(c => c.Object.Name == "first", "the first NodeENI");
        await Infrastructure.Poll.UntilAsync(() => env[0].OpenWatches == 1, TimeSpan.FromSeconds(10), "the watch to be open");

        env[0].DropWatches();
        await KubeTestEnvironment.CreateNodeEniAsync(admin, "second");
        await log.WaitForAsync(c => c.Object.Name == "second", "the NodeENI created after the drop");

        Assert.Single(log.Changes, c => c.Object.Name == "first");
        Assert.True(env.Metrics.Total("kubernetes_watch_restarts_total", ("reason", "closed")) >= 1);
        Assert.Equal(1, env.Metrics.Total("rest_client_requests_total", ("verb", "GET")));
        Assert.Equal(0, env.Metrics.Total("kubernetes_watch_restarts_total", ("reason", "expired")));
    }

    [Fact]
    public async Task Watch_relists_after_410_Gone_and_sees_changes_made_meanwhile()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var cluster = env[0];
        var admin = env.AdminClient(cluster);
        await KubeTestEnvironment.CreateNodeEniAsync(admin, "relisted");
        var log = env.Watch(env.Connect(cluster).WatchNodeEnis());
        await log.WaitForAsync(c => c.Object.Name == "relisted", "the initial list");

        var patch = new V1Patch("""{"spec":{"mtu":9001}}""", V1Patch.PatchType.MergePatch);
        await cluster.WhileWatchesDownAsync(() => admin.CustomObjects.PatchClusterCustomObjectAsync(
            patch, NodeEni.Group, NodeEni.Version, NodeEni.Plural, "relisted", cancellationToken: TestContext.Current.CancellationToken));

        await log.WaitForAsync(c => c.Kind == ResourceChangeKind.Modified && c.Object.Spec.Mtu == 9001, "the change made while disconnected");
        Assert.True(env.Metrics.Total("kubernetes_watch_restarts_total", ("reason", "expired")) >= 1);
        Assert.Equal(9001, log.Watcher.Snapshot["relisted"].Spec.Mtu);
    }

    [Fact]
    public async Task A_deletion_while_disconnected_is_delivered_after_the_relist()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var cluster = env[0];
        var admin = env.AdminClient(cluster);
        await KubeTestEnvironment.CreateNodeEniAsync(admin, "kept");
        await KubeTestEnvironment.CreateNodeEniAsync(admin, "doomed");
        var log = env.Watch(env.Connect(cluster).WatchNodeEnis());
        await log.WaitForAsync(c => c.Object.Name == "doomed", "the initial list");

        await cluster.WhileWatchesDownAsync(() => admin.CustomObjects.DeleteClusterCustomObjectAsync(
            NodeEni.Group, NodeEni.Version, NodeEni.Plural, "doomed", cancellationToken: TestContext.Current.CancellationToken));

        await log.WaitForAsync(c => c.Kind == ResourceChangeKind.Deleted && c.Object.Name == "doomed", "the synthesized deletion");
        Assert.DoesNotContain(log.Changes, c => c.Kind == ResourceChangeKind.Deleted && c.Object.Name == "kept");
        Assert.Equal(["kept"], log.Watcher.Snapshot.Keys);
    }

    [Fact]
    public async Task Node_watch_reports_instance_zone_and_type_and_label_changes()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var cluster = env[0];
        cluster.AddNode(new SimulatedNode("worker-1", "us-east-1b", "i-0123456789abcdef0", "m5.large"));
        var log = env.Watch(env.Connect(cluster).WatchNodes());
        await log.WaitForAsync(c => c.Object.Name == "worker-1", "the node");
        var facts = log.Watcher.Snapshot["worker-1"];
        Assert.Equal(("i-0123456789abcdef0", "us-east-1b", "m5.large"), (facts.InstanceId, facts.AvailabilityZone, facts.InstanceType));

        var admin = env.AdminClient(cluster);
        await admin.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"ng":"multi-eni"}}}""", V1Patch.PatchType.MergePatch), "worker-1", cancellationToken: TestContext.Current.CancellationToken);
        await log.WaitForAsync(c => c.Object.Matches(new Dictionary<string, string> { ["ng"] = "multi-eni" }), "the label change");
        await admin.CoreV1.DeleteNodeAsync("worker-1", cancellationToken: TestContext.Current.CancellationToken);
        await log.WaitForAsync(c => c.Kind == ResourceChangeKind.Deleted && c.Object.Name == "worker-1", "the node deletion");
        Assert.True(env.Metrics.Total("kubernetes_watch_events_total", ("resource", "nodes")) >= 2);
    }

    [Fact]
    public async Task Watch_backs_off_and_recovers_when_the_resource_is_not_served_yet()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var log = env.Watch(env.Connect(env[0]).WatchNodeEnis());
        await Infrastructure.Poll.UntilAsync(
            () => env.Metrics.Total("kubernetes_watch_restarts_total", ("reason", "error")) >= 2, TimeSpan.FromSeconds(10), "failed list attempts");
        Assert.False(log.Watcher.IsSynced);

        await env.ApplyCrdAsync(env[0]);
        await KubeTestEnvironment.CreateNodeEniAsync(env.AdminClient(env[0]), "late");
        await log.WaitForAsync(c => c.Object.Name == "late", "the NodeENI once the CRD exists");
        Assert.True(env.Metrics.Total("rest_client_requests_total", ("verb", "GET"), ("code", "404")) >= 2);
    }

    [Fact]
    public async Task NodeEnis_read_from_the_server_round_trip_losslessly()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var admin = env.AdminClient(env[0]);
        await KubeTestEnvironment.CreateNodeEniAsync(admin, "round-trip");
        var raw = await admin.CustomObjects.GetClusterCustomObjectAsync<JsonElement>(NodeEni.Group, NodeEni.Version, NodeEni.Plural, "round-trip", TestContext.Current.CancellationToken);

        var model = NodeEniJson.Deserialize(raw);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(raw.GetRawText()), JsonNode.Parse(NodeEniJson.Serialize(model))));
        Assert.Equal((1, true, "vfio-pci"), (model.Spec.DeviceIndex, model.Spec.DeleteOnTermination, model.Spec.DpdkDriver));
    }
}
