using System.Diagnostics;
using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// EC2 answers <c>InvalidNetworkInterface.InUse</c> to a delete for a while after the detach completed. That is a
/// "not yet": the attachment tries again at its next tick, once per tick, without going back to detaching an ENI that
/// is already detached (which, in one grain turn, would spin on EC2 and on state writes).
/// </summary>
public sealed class DeleteRefusalTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_delete_refused_as_in_use_is_tried_again_once_a_tick_and_the_eni_goes_once_ec2_agrees()
    {
        await using var world = await EngineWorld.StartAsync();
        var node = world.Nodes[0];
        await world.LabelAsync(node, EngineWorld.Selector);
        await world.CreateNodeEniAsync("multus", world.Spec());
        await Poll.UntilAsync(() => world.EnisOf("multus") is [{ AttachmentStatus: "attached", DeleteOnTermination: true }], Deadline, "the ENI to be attached");
        world.Ec2.Faults.Rules = [new Ec2FaultRule("DeleteNetworkInterface", "InvalidNetworkInterface.InUse", 1)];

        await world.LabelAsync(node, null);
        await Poll.UntilAsync(() => Refused(world) >= 1, Deadline, "a delete to be refused");
        var refusing = Stopwatch.StartNew();
        await Poll.UntilAsync(() => Refused(world) >= 5, Deadline, "five refused deletes");
        var (refused, elapsed) = (Refused(world), refusing.Elapsed);

        // Read while the refusals go on: once the ENI is gone, the attachment's row (and its history) goes too.
        var history = await world.Grains.GetGrain<IAttachmentGrain>(GrainKey.Join(world.ClusterName, "multus", node.Name)).GetHistory();
        world.Ec2.Faults.Rules = [];

        await Poll.UntilAsync(() => world.EnisOf("multus").Count == 0, Deadline, "the ENI to be deleted once EC2 agrees");
        Assert.DoesNotContain(history.Transitions, t => t.From == nameof(EniPhase.Deleting) && t.To == nameof(EniPhase.Detaching));

        // Once a tick would be about one per 100 ms; the bound allows twice that.
        Assert.True(refused - 1 <= (2 * (elapsed / PollInterval)) + 2, $"{refused} deletes refused in {elapsed.TotalMilliseconds:0} ms: far more than one a tick.");
        Assert.Single(world.EnisCreatedByTheFleet());
    }

    private static int Refused(EngineWorld world) => world.Ec2.Calls.Count("DeleteNetworkInterface", "InvalidNetworkInterface.InUse");
}
