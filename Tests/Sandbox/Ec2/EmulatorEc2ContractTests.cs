using Amazon.EC2.Model;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Tests.Aws;

namespace AwsMultiEni.Tests.Sandbox.Ec2;

/// <summary>
/// The EC2 contract against the Sandbox's emulator, plus the cases where EC2 is strict and moto is lax
/// (moto accepts them silently, so they can only be proven here).
/// </summary>
public sealed partial class EmulatorEc2ContractTests(Ec2EmulatorFixture fixture) : Ec2GatewayContract, IClassFixture<Ec2EmulatorFixture>
{
    protected override Uri Endpoint => fixture.Emulator.Url;

    /// <summary>Emulator only (it logs every call): a rollout's many questions about one instance type cost one describe.</summary>
    [Fact]
    public async Task Concurrent_limit_lookups_of_one_type_share_one_describe()
    {
        var gateway = Ec2TestClients.Gateway(Client);
        int DescribeInstanceTypesCalls() => fixture.Emulator.Calls.Records.Count(r => r.Action == "DescribeInstanceTypes");
        var before = DescribeInstanceTypesCalls();

        var limits = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => gateway.GetMaxNetworkInterfacesAsync("m5.large", Ct)));
        var later = await gateway.GetMaxNetworkInterfacesAsync("m5.large", Ct);

        Assert.All(limits, limit => Assert.Equal(3, limit));
        Assert.Equal(3, later);
        Assert.Equal(1, DescribeInstanceTypesCalls() - before);
    }

    /// <summary>Emulator only: moto attaches a second ENI at a device index already in use.</summary>
    [Fact]
    public async Task Rejects_a_device_index_already_in_use()
    {
        var instanceId = await World.RunInstanceAsync(World.SubnetA);
        var first = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, "node-1"), Ct);
        var second = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, "node-2"), Ct);
        await Gateway.AttachNetworkInterfaceAsync(first.NetworkInterfaceId, instanceId, 1, Ct);

        var error = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.AttachNetworkInterfaceAsync(second.NetworkInterfaceId, instanceId, 1, Ct));

        Assert.Equal(("InvalidParameterValue", Ec2ErrorKind.InvalidRequest, 1), (error.ErrorCode, error.Kind, error.Attempts));
        Assert.Contains("already has an interface attached at device index", error.AwsMessage, StringComparison.Ordinal);
    }

    /// <summary>Emulator only: moto attaches an ENI to an instance in another availability zone.</summary>
    [Fact]
    public async Task Rejects_attaching_across_availability_zones()
    {
        var instanceId = await World.RunInstanceAsync(World.SubnetA);
        var eni = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetB), Ct);

        var error = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.AttachNetworkInterfaceAsync(eni.NetworkInterfaceId, instanceId, 1, Ct));

        Assert.Equal(("InvalidParameterCombination", Ec2ErrorKind.InvalidRequest), (error.ErrorCode, error.Kind));
        Assert.Contains("same availability zone", error.AwsMessage, StringComparison.Ordinal);
    }

    /// <summary>Emulator only: moto attaches more ENIs than the instance type allows.</summary>
    [Fact]
    public async Task Enforces_the_instance_type_interface_limit()
    {
        var instanceId = await World.RunInstanceAsync(World.SubnetA, "t3.micro");
        var fits = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, "node-1"), Ct);
        var over = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, "node-2"), Ct);
        await Gateway.AttachNetworkInterfaceAsync(fits.NetworkInterfaceId, instanceId, 1, Ct);

        var error = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.AttachNetworkInterfaceAsync(over.NetworkInterfaceId, instanceId, 2, Ct));

        Assert.Equal(("AttachmentLimitExceeded", Ec2ErrorKind.LimitExceeded), (error.ErrorCode, error.Kind));
    }

    /// <summary>Emulator only: moto neither reports DeleteOnTermination set by ModifyNetworkInterfaceAttribute nor honours it on termination.</summary>
    [Fact]
    public async Task Terminating_an_instance_deletes_or_detaches_by_DeleteOnTermination()
    {
        var instanceId = await World.RunInstanceAsync(World.SubnetA);
        var deleted = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, "node-1"), Ct);
        var kept = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, "node-2"), Ct);
        var deletedAttachment = await Gateway.AttachNetworkInterfaceAsync(deleted.NetworkInterfaceId, instanceId, 1, Ct);
        var keptAttachment = await Gateway.AttachNetworkInterfaceAsync(kept.NetworkInterfaceId, instanceId, 2, Ct);
        await Gateway.SetDeleteOnTerminationAsync(deleted.NetworkInterfaceId, deletedAttachment, true, Ct);
        await Gateway.SetDeleteOnTerminationAsync(kept.NetworkInterfaceId, keptAttachment, false, Ct);
        Assert.True((await Gateway.DescribeNetworkInterfaceAsync(deleted.NetworkInterfaceId, Ct))!.Attachment!.DeleteOnTermination);

        await Client.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instanceId] }, Ct);

        Assert.Null(await Gateway.DescribeNetworkInterfaceAsync(deleted.NetworkInterfaceId, Ct));
        await WaitForAsync(kept.NetworkInterfaceId, eni => eni is { Status: "available", Attachment: null });
        Assert.Equal("terminated", (await Gateway.DescribeInstanceAsync(instanceId, Ct))!.State);
    }

    /// <summary>Emulator only: moto deletes an attached ENI and attaches an ENI that is already attached.</summary>
    [Fact]
    public async Task Refuses_to_delete_or_attach_again_an_interface_in_use()
    {
        var instanceId = await World.RunInstanceAsync(World.SubnetA, "m5.xlarge");
        var eni = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA), Ct);
        await Gateway.AttachNetworkInterfaceAsync(eni.NetworkInterfaceId, instanceId, 1, Ct);

        var delete = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.DeleteNetworkInterfaceAsync(eni.NetworkInterfaceId, Ct));
        var attach = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.AttachNetworkInterfaceAsync(eni.NetworkInterfaceId, instanceId, 2, Ct));

        Assert.Equal("InvalidNetworkInterface.InUse", delete.ErrorCode);
        Assert.Equal("InvalidNetworkInterface.InUse", attach.ErrorCode);
        Assert.NotNull(await Gateway.DescribeNetworkInterfaceAsync(eni.NetworkInterfaceId, Ct));
    }
}
