using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Kubernetes;
using k8s;

namespace AwsMultiEni.Tests.Kubernetes;

public sealed class EventRecorderTests
{
    [Fact]
    public async Task Repeated_events_bump_the_count_of_one_Event_and_different_reasons_make_their_own()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var admin = env.AdminClient(env[0]);
        var events = env.Connect(env[0]).Events;
        var nodeEni = await KubeTestEnvironment.CreateNodeEniAsync(admin, "noisy");
        var subject = new EventSubject(NodeEni.ApiVersionValue, NodeEni.KindValue, nodeEni.Name, nodeEni.Metadata.Uid);
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 3; i++)
        {
            await events.RecordAsync(subject, EventSeverity.Warning, "SubnetNotFound", "subnet subnet-0a1b2c3d4e5f60009 does not exist", ct);
        }

        await events.RecordAsync(subject, EventSeverity.Normal, "ENIAttached", "eni-0123456789abcdef0 attached to node-1 at device index 1", ct);

        var list = await admin.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=noisy", cancellationToken: ct);
        Assert.Equal(2, list.Items.Count);
        var warning = Assert.Single(list.Items, e => e.Reason == "SubnetNotFound");
        Assert.Equal(("Warning", 3, "NodeENI", nodeEni.Metadata.Uid), (warning.Type, warning.Count, warning.InvolvedObject.Kind, warning.InvolvedObject.Uid));
        var normal = Assert.Single(list.Items, e => e.Reason == "ENIAttached");
        Assert.Equal(("Normal", 1), (normal.Type, normal.Count));
    }

    [Fact]
    public async Task An_event_deleted_on_the_server_is_created_again_on_the_next_repeat()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var admin = env.AdminClient(env[0]);
        var events = env.Connect(env[0]).Events;
        var subject = new EventSubject(NodeEni.ApiVersionValue, NodeEni.KindValue, "expired", null);
        var ct = TestContext.Current.CancellationToken;
        await events.RecordAsync(subject, EventSeverity.Warning, "ENICreationFailed", "quota exceeded", ct);
        var first = Assert.Single((await admin.CoreV1.ListNamespacedEventAsync("default", cancellationToken: ct)).Items);

        await admin.CoreV1.DeleteNamespacedEventAsync(first.Metadata.Name, "default", cancellationToken: ct);
        await events.RecordAsync(subject, EventSeverity.Warning, "ENICreationFailed", "quota exceeded", ct);

        var second = Assert.Single((await admin.CoreV1.ListNamespacedEventAsync("default", cancellationToken: ct)).Items);
        Assert.Equal(1, second.Count);
    }

    [Fact]
    public async Task A_repeat_after_the_deduplication_window_is_a_new_Event()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var events = env.Connect(env[0], clock).Events;
        var subject = new EventSubject(NodeEni.ApiVersionValue, NodeEni.KindValue, "slow", null);
        var ct = TestContext.Current.CancellationToken;

        await events.RecordAsync(subject, EventSeverity.Warning, "DeviceIndexConflict", "index 1 taken on node-1", ct);
        clock.Advance(TimeSpan.FromMinutes(9));
        await events.RecordAsync(subject, EventSeverity.Warning, "DeviceIndexConflict", "index 1 taken on node-1", ct);
        clock.Advance(TimeSpan.FromMinutes(11));
        await events.RecordAsync(subject, EventSeverity.Warning, "DeviceIndexConflict", "index 1 taken on node-1", ct);

        var counts = (await env.AdminClient(env[0]).CoreV1.ListNamespacedEventAsync("default", cancellationToken: ct)).Items.Select(e => e.Count).Order();
        Assert.Equal([1, 2], counts);
    }

    [Theory]
    [InlineData("eni attached")]
    [InlineData("eniAttached")]
    [InlineData("")]
    public async Task Reasons_that_are_not_UpperCamelCase_are_refused(string reason)
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var events = env.Connect(env[0]).Events;

        await Assert.ThrowsAsync<ArgumentException>(() => events.RecordAsync(
            new EventSubject("v1", "Node", "n", null), EventSeverity.Normal, reason, "m", TestContext.Current.CancellationToken));
    }
}
