using System.Text.Json.Nodes;
using Amazon.EC2.Model;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Moving a node's ENI keeps its device index: the old ENI is released before the new one claims the index, and an
/// index held by the attachment's own leaving ENI means "wait", never a <c>DeviceIndexConflict</c> with itself.
/// </summary>
public sealed class SelfConflictTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_subnet_swap_converges_at_the_same_device_index_with_no_warning()
    {
        await using var world = await EngineWorld.StartAsync();
        await world.LabelAsync(world.Nodes[0], EngineWorld.Selector);
        await world.CreateNodeEniAsync("multus", world.Spec());
        await Poll.UntilAsync(async () => await world.ReadyGenerationAsync("multus") == 1 && world.EnisOf("multus") is [{ AttachmentStatus: "attached" }], Deadline, "the first subnet's ENI");
        var before = Assert.Single(world.EnisOf("multus"));
        var swapped = (await world.Ec2Client.CreateSubnetAsync(
            new CreateSubnetRequest { VpcId = world.Network.VpcId, CidrBlock = "10.20.3.0/24", AvailabilityZone = world.Network.SubnetA.AvailabilityZone },
            TestContext.Current.CancellationToken)).Subnet.SubnetId;

        await world.PatchSpecAsync("multus", new JsonObject { ["subnetIDs"] = new JsonArray(swapped, world.Network.SubnetB.SubnetId) });

        await Poll.UntilAsync(
            async () => await world.ReadyGenerationAsync("multus") == 2 && world.EnisOf("multus") is [{ AttachmentStatus: "attached" } only] && only.SubnetId == swapped,
            Deadline,
            "the ENI to move to the new subnet");
        var after = Assert.Single(world.EnisOf("multus"));
        Assert.Equal((before.InstanceId, before.DeviceIndex), (after.InstanceId, after.DeviceIndex));
        Assert.Equal(2, world.EnisCreatedByTheFleet().Count);
        Assert.DoesNotContain(await world.EventsAsync("multus"), e => e.Reason == "DeviceIndexConflict");
    }

    [Fact]
    public async Task A_label_removed_and_put_back_at_once_converges_with_no_warning()
    {
        await using var world = await WithAttachedEniAsync();
        var node = world.Nodes[0];

        await world.LabelAsync(node, null);
        await world.LabelAsync(node, EngineWorld.Selector);

        await Poll.UntilAsync(
            async () => await world.ReadyGenerationAsync("multus") == 1 && world.EnisOf("multus") is [{ AttachmentStatus: "attached", DeviceIndex: 1 }],
            Deadline,
            "the node to have one ENI at its device index again");
        Assert.DoesNotContain(await world.EventsAsync("multus"), e => e.Reason == "DeviceIndexConflict");
    }

    /// <summary>
    /// Released for good, the attachment's row is removed; selected again, it starts afresh, and its new create must
    /// not repeat the first one's ClientToken (EC2 would answer with the deleted ENI).
    /// </summary>
    [Fact]
    public async Task A_node_selected_again_after_its_eni_was_deleted_gets_a_new_one_at_once()
    {
        await using var world = await WithAttachedEniAsync();
        var node = world.Nodes[0];
        await world.LabelAsync(node, null);
        await Poll.UntilAsync(() => world.EnisOf("multus").Count == 0, Deadline, "the ENI to be deleted");

        await world.LabelAsync(node, EngineWorld.Selector);

        await Poll.UntilAsync(() => world.EnisOf("multus") is [{ AttachmentStatus: "attached", DeviceIndex: 1 }], Deadline, "a new ENI at the same device index");
        Assert.Equal(2, world.EnisCreatedByTheFleet().Count);
        Assert.Equal(0, world.Ec2.Calls.Count("AttachNetworkInterface", "InvalidNetworkInterfaceID.NotFound"));
    }

    /// <summary>A world whose first node is selected and has the NodeENI's ENI attached.</summary>
    private static async Task<EngineWorld> WithAttachedEniAsync()
    {
        var world = await EngineWorld.StartAsync();
        try
        {
            await world.LabelAsync(world.Nodes[0], EngineWorld.Selector);
            await world.CreateNodeEniAsync("multus", world.Spec());
            await Poll.UntilAsync(() => world.EnisOf("multus") is [{ AttachmentStatus: "attached" }], Deadline, "the node's ENI");
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }
}
