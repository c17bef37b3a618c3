using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Tests.Infrastructure;
using k8s;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// The engine end to end: NodeENIs applied through the Kubernetes API become ENIs in the EC2 emulator,
/// attached at the right index with DeleteOnTermination set, reported in status; and they go away again.
/// </summary>
public sealed class NodeEniLifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private EngineWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await EngineWorld.StartAsync();

    // Null-safe: a failed InitializeAsync still gets here.
    public ValueTask DisposeAsync() => _world?.DisposeAsync() ?? ValueTask.CompletedTask;

    [Fact]
    public async Task A_selected_node_gets_one_attached_eni_in_its_zone_and_status_says_Ready()
    {
        var node = _world.Nodes[0];
        await _world.LabelAsync(node, EngineWorld.Selector);

        await _world.CreateNodeEniAsync("multus", _world.Spec());

        var ready = await Poll.ForValueAsync(async () => await _world.GetNodeEniAsync("multus") is { } n && IsReady(n) ? n : null, Deadline, "the NodeENI to be Ready");
        var eni = Assert.Single(_world.EnisOf("multus"));
        Assert.Equal(_world.Network.SubnetA.SubnetId, eni.SubnetId);
        Assert.Equal(node.InstanceId, eni.InstanceId);
        Assert.Equal(1, eni.DeviceIndex);
        Assert.Equal("attached", eni.AttachmentStatus);
        Assert.True(eni.DeleteOnTermination);
        Assert.Equal("true", eni.Tags["node.k8s.amazonaws.com/no_manage"]);
        Assert.Equal(GrainKey.Join(_world.ClusterName, "multus", node.Name), eni.Tags["awsmultieni.io/attachment-key"]);

        Assert.Contains(NodeEni.Finalizer, ready.Metadata.Finalizers ?? []);
        Assert.Equal(ready.Metadata.Generation, ready.Status!.ObservedGeneration);
        var attachment = Assert.Single(ready.Status.Attachments!);
        Assert.Equal((node.Name, node.InstanceId, eni.NetworkInterfaceId, 1, "attached"), (attachment.NodeId, attachment.InstanceId, attachment.EniId, attachment.DeviceIndex, attachment.Status));
        Assert.Equal(_world.Network.SubnetA.CidrBlock, attachment.SubnetCidr);

        var desired = await _world.Grains.GetGrain<INodeGrain>(GrainKey.Join(_world.ClusterName, node.Name)).GetDesiredInterfaces();
        var published = Assert.Single(desired.Interfaces);
        Assert.Equal((eni.NetworkInterfaceId, 1), (published.EniId, published.DeviceIndex));

        var history = await _world.Grains.GetGrain<IAttachmentGrain>(GrainKey.Join(_world.ClusterName, "multus", node.Name)).GetHistory();
        Assert.Equal(["Creating", "Created", "Attaching", "Attached", "Ready"], history.Transitions.Select(t => t.To).Distinct());
        Assert.Null(history.LastError);
    }

    [Fact]
    public async Task A_node_that_loses_the_label_has_its_eni_detached_and_deleted()
    {
        var node = _world.Nodes[1];
        await _world.LabelAsync(node, EngineWorld.Selector);
        await _world.CreateNodeEniAsync("multus", _world.Spec());
        await Poll.UntilAsync(() => (_world.EnisOf("multus") is [{ AttachmentStatus: "attached", DeleteOnTermination: true }]), Deadline, "the ENI to be attached");

        await _world.LabelAsync(node, null);

        await Poll.UntilAsync(() => (_world.EnisOf("multus").Count == 0), Deadline, "the ENI to be deleted");
        await Poll.UntilAsync(async () => await _world.GetNodeEniAsync("multus") is { Status.Attachments: [] } n && IsReady(n), Deadline, "status without attachments");
        var desired = await _world.Grains.GetGrain<INodeGrain>(GrainKey.Join(_world.ClusterName, node.Name)).GetDesiredInterfaces();
        Assert.Empty(desired.Interfaces);
    }

    [Fact]
    public async Task A_deleted_node_has_its_eni_detached_and_deleted()
    {
        var node = _world.Nodes[0];
        await _world.LabelAsync(node, EngineWorld.Selector);
        await _world.CreateNodeEniAsync("multus", _world.Spec());
        await Poll.UntilAsync(() => _world.EnisOf("multus") is [{ AttachmentStatus: "attached" }], Deadline, "the ENI to be attached");

        await _world.Admin.CoreV1.DeleteNodeAsync(node.Name, cancellationToken: TestContext.Current.CancellationToken);

        await Poll.UntilAsync(() => _world.EnisOf("multus").Count == 0, Deadline, "the ENI to be deleted");
    }

    [Fact]
    public async Task Deleting_the_NodeEni_deletes_its_enis_before_the_finalizer_goes()
    {
        foreach (var node in _world.Nodes)
        {
            await _world.LabelAsync(node, EngineWorld.Selector);
        }

        await _world.CreateNodeEniAsync("multus", _world.Spec());
        await Poll.UntilAsync(() => (_world.EnisOf("multus").Count(e => e.AttachmentStatus == "attached") == 2), Deadline, "an attached ENI on each node");

        await _world.Grains.GetGrain<INodeEniGrain>(GrainKey.Join(_world.ClusterName, "multus")).Delete();

        await Poll.UntilAsync(async () => await _world.GetNodeEniAsync("multus") is null, Deadline, "the NodeENI to be gone");
        Assert.Empty(_world.EnisOf("multus"));
    }

    [Fact]
    public async Task An_unknown_subnet_is_reported_as_SubnetNotFound_with_a_Warning_event_and_no_eni()
    {
        await _world.LabelAsync(_world.Nodes[0], EngineWorld.Selector);

        await _world.CreateNodeEniAsync("typo", _world.Spec("subnet-0123456789abcdef0"));

        var failed = await Poll.ForValueAsync(
            async () => await _world.GetNodeEniAsync("typo") is { } n && Ready(n) is { Status: "False", Reason: "SubnetNotFound" } ? n : null,
            Deadline,
            "Ready=False with reason SubnetNotFound");
        Assert.Contains("subnet-0123456789abcdef0", Ready(failed)!.Message, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => (await _world.EventsAsync("typo")).Any(e => e.Type == "Warning" && e.Reason == "SubnetNotFound"), Deadline, "a SubnetNotFound Warning event");
        Assert.Empty(_world.EnisOf("typo"));
    }

    private static NodeEniCondition? Ready(NodeEni nodeEni) => nodeEni.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready);

    private static bool IsReady(NodeEni nodeEni) =>
        Ready(nodeEni) is { Status: "True" } && nodeEni.Status!.ObservedGeneration == nodeEni.Metadata.Generation;
}
