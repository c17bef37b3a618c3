using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// EC2's describes lag behind its answers: a new instance or a just-created ENI that a describe does not know yet is
/// waited for, not taken for gone. With describes 1.5 s behind (longer than anything the engine does in between),
/// a node that joins right after its instance launched gets exactly one ENI, created once, and is never reported
/// without an instance.
/// </summary>
public sealed class DescribeLagTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_node_whose_instance_and_eni_describes_do_not_show_yet_gets_one_eni_created_once()
    {
        await using var world = await EngineWorld.StartAsync(new EngineWorldOptions { ConsistencyLag = TimeSpan.FromMilliseconds(1500) });
        await world.CreateNodeEniAsync("multus", world.Spec());
        await Poll.UntilAsync(async () => await world.GetNodeEniAsync("multus") is { Status.ObservedGeneration: 1 }, Deadline, "the NodeENI to be seen");

        var instanceId = await world.Network.RunInstanceAsync(world.Network.SubnetA, "m5.xlarge");
        world.Kube[0].AddNode(new SimulatedNode("late", world.Network.SubnetA.AvailabilityZone, instanceId, "m5.xlarge")
        {
            Labels = new Dictionary<string, string> { ["ng"] = EngineWorld.Selector },
        });

        await Poll.UntilAsync(
            async () => await world.GetNodeEniAsync("multus") is { Status: { } status }
                && status.Attachments is [{ NodeId: "late", Status: "attached" }]
                && status.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready)?.Status == "True",
            Deadline,
            "the late node's ENI to be attached and Ready");
        var eni = Assert.Single(world.EnisOf("multus"));
        Assert.Equal((instanceId, "attached"), (eni.InstanceId, eni.AttachmentStatus));
        Assert.Equal([eni.NetworkInterfaceId], world.EnisCreatedByTheFleet());
        Assert.DoesNotContain(await world.EventsAsync("multus"), e => e.Reason == "NodeHasNoInstance");
    }
}
