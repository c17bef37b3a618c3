using System.Text.Json.Nodes;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A spec change while a create is in flight: EC2 made the ENI but its answer was lost, so the next try carries the
/// same ClientToken with the new settings, and EC2 refuses it (<c>IdempotentParameterMismatch</c>). The engine adopts
/// the ENI that first create made, by its tags, and sets the new settings on it: one ENI, created once, never a
/// refusal retried forever.
/// </summary>
public sealed class ParameterMismatchTests
{
    private const string Changed = "changed while the create was in flight";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_create_whose_answer_was_lost_before_a_spec_change_is_adopted_with_the_new_settings()
    {
        await using var world = await EngineWorld.StartAsync();
        var calls = world.Ec2.Calls;
        world.Ec2.Faults.Rules = [new Ec2FaultRule("CreateNetworkInterface", "InternalError", 1, AfterEffect: true)];
        await world.LabelAsync(world.Nodes[0], EngineWorld.Selector);
        await world.CreateNodeEniAsync("multus", world.Spec());
        await Poll.UntilAsync(() => calls.Count("CreateNetworkInterface", "InternalError") >= 1, Deadline, "a create that took effect but whose answer was lost");

        await world.PatchSpecAsync("multus", new JsonObject { ["description"] = Changed });
        await Poll.UntilAsync(() => calls.Count("CreateNetworkInterface", "IdempotentParameterMismatch") >= 1, Deadline, "EC2 to refuse the old token with the new settings");
        world.Ec2.Faults.Rules = [];

        await Poll.UntilAsync(
            async () => await world.ReadyGenerationAsync("multus") == 2 && world.EnisOf("multus") is [{ AttachmentStatus: "attached" }],
            Deadline,
            "the NodeENI to be Ready with its ENI attached");
        var eni = Assert.Single(world.EnisOf("multus"));
        Assert.Equal([eni.NetworkInterfaceId], world.EnisCreatedByTheFleet());
        await world.DescribedEniAsync(eni.NetworkInterfaceId, e => e.Description == Changed);
    }
}
