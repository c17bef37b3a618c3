using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;
using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// ENIs that already exist are taken over, not duplicated: found by the fleet's attachment-key tag after an
/// attachment lost its state, and listed in a NodeENI's status by the single-cluster controller when a
/// cluster moves to the fleet.
/// </summary>
public sealed class AdoptionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task An_attachment_that_lost_its_state_adopts_its_tagged_eni_instead_of_creating_another()
    {
        await using var world = await EngineWorld.StartAsync();
        var node = world.Nodes[0];
        await world.LabelAsync(node, EngineWorld.Selector);
        await world.CreateNodeEniAsync("multus", world.Spec());
        await Poll.UntilAsync(() => world.EnisOf("multus") is [{ AttachmentStatus: "attached", DeleteOnTermination: true }], Deadline, "the ENI to be attached");
        var original = Assert.Single(world.EnisOf("multus")).NetworkInterfaceId;
        var attachment = world.Grains.GetGrain<IAttachmentLifecycle>(GrainKey.Join(world.ClusterName, "multus", node.Name));
        await Poll.UntilAsync(async () => (await attachment.GetView()).Ready, Deadline, "the attachment to be ready");

        await WipeStateAsync(world, attachment);
        await Poll.UntilAsync(async () => (await attachment.GetHistory()).Transitions.Count == 0, Deadline, "the attachment to come back without state");
        await TouchAsync(world, node.Name);

        await Poll.UntilAsync(async () => (await attachment.GetView()).Ready, Deadline, "the attachment to be ready again");
        var history = (await attachment.GetHistory()).Transitions;
        Assert.DoesNotContain(history, t => t.To == nameof(EniPhase.Creating));
        Assert.Contains(history, t => t.From == nameof(EniPhase.Pending) && t.To == nameof(EniPhase.Attached) && t.EniId == original);
        var eni = Assert.Single(world.Ec2.Inventory().NetworkInterfaces, e => e.Tags.ContainsKey("NodeENI"));
        Assert.Equal(original, eni.NetworkInterfaceId);
        Assert.Equal("attached", eni.AttachmentStatus);
        Assert.Equal([original], world.EnisCreatedByTheFleet());
    }

    [Fact]
    public async Task A_migrating_cluster_adopts_the_enis_its_old_controller_listed_and_replaces_the_ones_that_do_not_check_out()
    {
        await using var world = await EngineWorld.StartAsync(new EngineWorldOptions { RegisterCluster = false });
        var (nodeA, nodeB) = (world.Nodes[0], world.Nodes[1]);
        var adoptable = await ControllerEniAsync(world, world.Network.SubnetA.SubnetId, nodeA.Name, attachTo: nodeA.InstanceId);
        var detached = await ControllerEniAsync(world, world.Network.SubnetB.SubnetId, nodeB.Name, attachTo: null);
        await world.LabelAsync(nodeA, EngineWorld.Selector);
        await world.LabelAsync(nodeB, EngineWorld.Selector);
        await world.CreateNodeEniAsync("multus", world.Spec());
        await WriteControllerStatusAsync(world, "multus", (nodeA.Name, adoptable, world.Network.SubnetA.SubnetId), (nodeB.Name, detached, world.Network.SubnetB.SubnetId));

        await world.RegisterClusterAsync();

        await Poll.UntilAsync(
            async () => await world.GetNodeEniAsync("multus") is { Status: { Attachments.Count: 2 } status }
                && status.Attachments.All(a => a.Status == "attached")
                && status.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready)?.Status == "True",
            Deadline,
            "both nodes to be Ready");
        var reported = (await world.GetNodeEniAsync("multus"))!.Status!.Attachments!;
        Assert.Equal(adoptable, Assert.Single(reported, a => a.NodeId == nodeA.Name).EniId);
        var fresh = Assert.Single(reported, a => a.NodeId == nodeB.Name).EniId;
        Assert.NotEqual(detached, fresh);
        Assert.Equal([fresh!], world.EnisCreatedByTheFleet());

        var inventory = world.Ec2.Inventory().NetworkInterfaces;
        Assert.Single(inventory, e => e.InstanceId == nodeA.InstanceId && e.DeviceIndex == 1);
        var adopted = Assert.Single(inventory, e => e.NetworkInterfaceId == adoptable);
        Assert.Equal(GrainKey.Join(world.ClusterName, "multus", nodeA.Name), adopted.Tags[EniTags.AttachmentKeyKey]);
        Assert.Equal(world.ClusterName, adopted.Tags[EniTags.ClusterKey]);
        Assert.True(adopted.DeleteOnTermination);
        var untouched = Assert.Single(inventory, e => e.NetworkInterfaceId == detached);
        Assert.False(untouched.Tags.ContainsKey(EniTags.AttachmentKeyKey));
        Assert.Equal("available", untouched.Status);

        var events = await world.EventsAsync("multus");
        Assert.Contains(events, e => e.Reason == "EniAdopted" && e.Type == "Normal" && e.Message.Contains(adoptable, StringComparison.Ordinal));
        Assert.Contains(events, e => e.Reason == "EniNotAdopted" && e.Type == "Warning" && e.Message.Contains(detached, StringComparison.Ordinal)
            && e.Message.Contains("not attached", StringComparison.Ordinal));
    }

    /// <summary>Deletes the attachment's persisted state and deactivates it, as if its state had been lost.</summary>
    private static async Task WipeStateAsync(EngineWorld world, IAttachmentLifecycle attachment)
    {
        var storage = world.Silos.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("Default");
        var stored = new GrainState<AttachmentState>();
        await storage.ReadStateAsync("attachment", attachment.GetGrainId(), stored);
        await storage.ClearStateAsync("attachment", attachment.GetGrainId(), stored);
        await attachment.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
    }

    /// <summary>A label change that keeps the node selected: the NodeENI re-plans it.</summary>
    private static async Task TouchAsync(EngineWorld world, string node)
    {
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["touched"] = "yes" } } };
        await world.Admin.CoreV1.PatchNodeAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), node);
    }

    /// <summary>An ENI as the single-cluster controller made it: its tags, none of the fleet's; attached at index 1 or left available.</summary>
    private static async Task<string> ControllerEniAsync(EngineWorld world, string subnetId, string node, string? attachTo)
    {
        var created = await world.Ec2Client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest
        {
            SubnetId = subnetId,
            Groups = [world.Network.GroupId],
            Description = "multi-eni controller",
            TagSpecifications =
            [
                new TagSpecification
                {
                    ResourceType = ResourceType.NetworkInterface,
                    Tags =
                    [
                        new Tag("Name", $"multus-{node}"),
                        new Tag("NodeENI", "multus"),
                        new Tag("Node", node),
                        new Tag("SubnetID", subnetId),
                        new Tag(EniTags.ManagedByKey, EniTags.ManagedByValue),
                    ],
                },
            ],
        });
        var eniId = created.NetworkInterface.NetworkInterfaceId;
        if (attachTo is not null)
        {
            await world.Ec2Client.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = eniId, InstanceId = attachTo, DeviceIndex = 1 });
        }

        // The old controller made these long before the move: describes show them as they are.
        await world.DescribedEniAsync(eniId, e => attachTo is null ? e.Status == NetworkInterfaceStatus.Available : e.Attachment?.Status == AttachmentStatus.Attached);
        return eniId;
    }

    private static async Task WriteControllerStatusAsync(EngineWorld world, string name, params (string Node, string EniId, string SubnetId)[] entries)
    {
        var attachments = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
        {
            ["nodeID"] = e.Node,
            ["eniID"] = e.EniId,
            ["subnetID"] = e.SubnetId,
            ["deviceIndex"] = 1,
            ["status"] = "attached",
        })]);
        var patch = new JsonObject { ["status"] = new JsonObject { ["attachments"] = attachments } };
        await world.Admin.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), NodeEni.Group, NodeEni.Version, NodeEni.Plural, name);
    }
}
