using Amazon.EC2.Model;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// <c>observedGeneration</c> is the generation the fleet reconciled, not the one it read back before a status write:
/// while a spec edit has not reached the fleet, a status written for the old plan (here after the drift check
/// repaired a hand-detached ENI) must not say Ready for the new generation, and <c>kubectl wait
/// --for=condition=Ready</c> returns only once the new spec is in place.
/// </summary>
public sealed class ObservedGenerationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_status_written_for_the_old_plan_does_not_claim_the_new_generation()
    {
        await using var world = await KubectlWorld.StartAsync();
        var kubectl = world.Kubectl();
        var subnet = world.SubnetId(SandboxNetwork.MultusSubnet(0).Name);
        var group = world.GroupId(SandboxNetwork.MultusSecurityGroup);
        (await kubectl.RunAsync("label", "node", "node-0", "ng=multi-eni")).Succeeded();
        (await kubectl.RunAsync("apply", "-f", await world.WriteManifestAsync("moving", subnet, [group], "deviceIndex: 1"))).Succeeded();
        await Poll.UntilAsync(() => world.IsReadyAsync("moving"), Deadline, "the first spec to be Ready", Poll.ProcessInterval);
        var first = Assert.Single(await world.EnisAsync("moving"));

        await world.ApiServer().WhileWatchesDownAsync(async () =>
        {
            // The edit the fleet cannot see yet, and a repair of the old plan that makes it write status meanwhile.
            (await kubectl.RunAsync("apply", "-f", await world.WriteManifestAsync("moving", subnet, [group], "deviceIndex: 2"))).Succeeded();
            var attachmentId = (await world.Ec2Client.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [first.EniId] }, TestContext.Current.CancellationToken))
                .NetworkInterfaces.Single().Attachment.AttachmentId;
            await world.Ec2Client.DetachNetworkInterfaceAsync(new DetachNetworkInterfaceRequest { AttachmentId = attachmentId }, TestContext.Current.CancellationToken);
            var repaired = await Poll.ForValueAsync(
                async () => await world.GetNodeEniAsync("moving") is { Status.Attachments: [{ AttachmentId: { } now }] } n && now != attachmentId ? n : null,
                Deadline,
                "status to list the repaired attachment",
                Poll.ProcessInterval);

            var ready = repaired.Status!.Conditions!.Single(c => c.Type == NodeEniCondition.Ready);
            Assert.Equal(2, repaired.Metadata.Generation);
            Assert.Equal((1L, 1L), (repaired.Status.ObservedGeneration, ready.ObservedGeneration));
        });

        (await kubectl.RunAsync("wait", "--for=condition=Ready", "nodeeni/moving", "--timeout=60s")).Succeeded();

        // Ready for the new spec means its ENI is in place (EC2's own view; the old one's delete may still show in describes).
        var inPlace = world.Emulator!.Inventory().NetworkInterfaces.Where(e => e.Tags.GetValueOrDefault("NodeENI") == "moving" && e.AttachmentStatus == "attached").ToList();
        Assert.Equal([2], inPlace.Select(e => e.DeviceIndex));
    }
}
