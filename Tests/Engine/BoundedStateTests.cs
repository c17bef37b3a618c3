using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Grains.Nodes;
using AwsMultiEni.Tests.Infrastructure;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Stored state does not grow without bound: an attachment's history is capped in bytes as well as in entries, and
/// the rows of attachments and nodes that no longer hold anything are removed, not kept forever.
/// </summary>
public sealed class BoundedStateTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void History_keeps_the_newest_entries_within_its_byte_and_entry_bounds_and_cuts_long_details()
    {
        var history = new List<AttachmentTransition>();
        for (var i = 0; i < 1000; i++)
        {
            BoundedHistory.Append(history, new AttachmentTransition(DateTimeOffset.UnixEpoch, "subnet-1", "Attaching", "Attaching", "eni-1", $"{i:D4} {new string('x', 2000)}"));
        }

        Assert.InRange(history.Sum(BoundedHistory.SizeOf), 1, BoundedHistory.MaxBytes);
        Assert.InRange(history.Count, 1, BoundedHistory.MaxEntries);
        Assert.StartsWith("0999 ", history[^1].Detail, StringComparison.Ordinal);
        Assert.All(history, t => Assert.Equal(BoundedHistory.MaxDetailLength, t.Detail!.Length));
        Assert.EndsWith("…", history[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_nodeenis_attachment_and_node_rows_are_removed_from_storage()
    {
        await using var world = await EngineWorld.StartAsync();
        var node = world.Nodes[0];
        await world.LabelAsync(node, EngineWorld.Selector);
        await world.CreateNodeEniAsync("multus", world.Spec());
        await Poll.UntilAsync(() => world.EnisOf("multus") is [{ AttachmentStatus: "attached" }], Deadline, "the ENI to be attached");
        var attachment = world.Grains.GetGrain<IAttachmentGrain>(GrainKey.Join(world.ClusterName, "multus", node.Name)).GetGrainId();
        var nodeGrain = world.Grains.GetGrain<INodeDevices>(GrainKey.Join(world.ClusterName, node.Name)).GetGrainId();
        Assert.True(await StoredAsync<AttachmentState>(world, "attachment", attachment));
        Assert.True(await StoredAsync<NodeState>(world, "node", nodeGrain));

        await world.Admin.CustomObjects.DeleteClusterCustomObjectAsync(NodeEni.Group, NodeEni.Version, NodeEni.Plural, "multus", cancellationToken: TestContext.Current.CancellationToken);
        await Poll.UntilAsync(async () => await world.GetNodeEniAsync("multus") is null, Deadline, "the NodeENI to be gone");

        await Poll.UntilAsync(
            async () => !await StoredAsync<AttachmentState>(world, "attachment", attachment) && !await StoredAsync<NodeState>(world, "node", nodeGrain),
            Deadline,
            "the attachment's and the node's rows to be removed");
    }

    private static async Task<bool> StoredAsync<T>(EngineWorld world, string stateName, GrainId grain)
        where T : new()
    {
        var stored = new GrainState<T>();
        await world.Silos.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("Default").ReadStateAsync(stateName, grain, stored);
        return stored.RecordExists;
    }
}
