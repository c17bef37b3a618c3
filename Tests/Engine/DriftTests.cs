using Amazon.EC2.Model;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// The periodic drift check (every 0.5 s here): ENIs changed by hand outside the product are repaired (attached
/// again, created again, security groups and description set back in place), and available ENIs tagged for the
/// cluster that no attachment owns are swept after the grace period.
/// </summary>
public sealed class DriftTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private EngineWorld _world = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await EngineWorld.StartAsync();
        await _world.LabelAsync(_world.Nodes[0], EngineWorld.Selector);
        await _world.CreateNodeEniAsync("multus", _world.Spec());
        await Poll.UntilAsync(() => _world.EnisOf("multus") is [{ AttachmentStatus: "attached", DeleteOnTermination: true }], Deadline, "the ENI to be attached");
    }

    // Null-safe: a failed InitializeAsync still gets here.
    public ValueTask DisposeAsync() => _world?.DisposeAsync() ?? ValueTask.CompletedTask;

    [Fact]
    public async Task An_eni_detached_by_hand_is_attached_again()
    {
        var eniId = _world.EnisOf("multus")[0].NetworkInterfaceId;

        await DetachByHandAsync(eniId);

        await Poll.UntilAsync(() => _world.EnisOf("multus") is [{ AttachmentStatus: "attached", DeviceIndex: 1, DeleteOnTermination: true } eni] && eni.NetworkInterfaceId == eniId, Deadline, "the same ENI attached again");
    }

    [Fact]
    public async Task An_eni_deleted_by_hand_is_created_again()
    {
        var eniId = _world.EnisOf("multus")[0].NetworkInterfaceId;

        await DetachByHandAsync(eniId);
        await Poll.UntilAsync(() => _world.Ec2.Inventory().NetworkInterfaces.Any(e => e.NetworkInterfaceId == eniId && e.Status == "available"), Deadline, "the ENI to be available");
        await _world.Ec2Client.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = eniId }, TestContext.Current.CancellationToken);

        await Poll.UntilAsync(() => _world.EnisOf("multus") is [{ AttachmentStatus: "attached", DeviceIndex: 1, DeleteOnTermination: true } eni] && eni.NetworkInterfaceId != eniId, Deadline, "a new ENI attached in its place");
    }

    [Fact]
    public async Task Security_groups_and_description_changed_by_hand_are_set_back_in_place()
    {
        var eniId = _world.EnisOf("multus")[0].NetworkInterfaceId;
        var cancel = TestContext.Current.CancellationToken;
        var other = await _world.Ec2Client.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { VpcId = _world.Network.VpcId, GroupName = "by-hand", Description = "by hand" }, cancel);

        await _world.Ec2Client.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = eniId, Groups = [other.GroupId] }, cancel);
        await _world.Ec2Client.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = eniId, Description = "changed by hand" }, cancel);

        await Poll.UntilAsync(
            async () => (await _world.Ec2Client.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [eniId] }, cancel)).NetworkInterfaces
                is [{ Description: "engine test", Groups: [{ } group] }] && group.GroupId == _world.Network.GroupId,
            Deadline,
            "the spec's security group and description on the same ENI");
        Assert.Equal(eniId, Assert.Single(_world.EnisOf("multus")).NetworkInterfaceId);
    }

    [Fact]
    public async Task An_available_eni_tagged_for_the_cluster_that_no_attachment_owns_is_swept()
    {
        var gateway = Ec2TestClients.Gateway(_world.Ec2Client);
        var orphan = await gateway.CreateNetworkInterfaceAsync(_world.Network.Eni(_world.Network.SubnetA, "gone-node", _world.ClusterName), TestContext.Current.CancellationToken);

        await Poll.UntilAsync(() => _world.Ec2.Inventory().NetworkInterfaces.All(e => e.NetworkInterfaceId != orphan.NetworkInterfaceId), Deadline, "the orphan to be deleted");
        Assert.Single(_world.EnisOf("multus"));
    }

    private async Task DetachByHandAsync(string eniId)
    {
        var described = await _world.Ec2Client.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [eniId] }, TestContext.Current.CancellationToken);
        await _world.Ec2Client.DetachNetworkInterfaceAsync(new DetachNetworkInterfaceRequest { AttachmentId = described.NetworkInterfaces[0].Attachment.AttachmentId }, TestContext.Current.CancellationToken);
    }
}
