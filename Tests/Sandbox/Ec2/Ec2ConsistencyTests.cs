using System.Diagnostics;
using Amazon.EC2;
using Amazon.EC2.Model;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox.Ec2;

/// <summary>
/// The emulator is as eventually consistent as EC2: the call that makes a change answers at once, describes show it
/// only once the lag has passed. Times are checked as lower bounds (never earlier than the lag), and deadlines only
/// bound a failure, so nothing here can flake on a slow machine.
/// </summary>
public sealed class Ec2ConsistencyTests
{
    private static readonly TimeSpan Lag = TimeSpan.FromMilliseconds(600);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_eni_is_unknown_to_describes_by_id_and_missing_from_filters_until_the_lag_has_passed()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions with { ConsistencyLag = Lag }, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);

        var created = await client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = world.SubnetA.SubnetId }, Ct);
        var answered = Stopwatch.StartNew();
        var eniId = created.NetworkInterface.NetworkInterfaceId;

        var unknown = await Assert.ThrowsAsync<AmazonEC2Exception>(() => client.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [eniId] }, Ct));
        Assert.Equal("InvalidNetworkInterfaceID.NotFound", unknown.ErrorCode);
        Assert.DoesNotContain(eniId, await InSubnetAsync(client, world.SubnetA.SubnetId));
        await Poll.UntilAsync(async () => (await InSubnetAsync(client, world.SubnetA.SubnetId)).Contains(eniId), Deadline, "the ENI to show in describes");
        Assert.True(answered.Elapsed >= Lag, $"The ENI showed {answered.Elapsed.TotalMilliseconds:0} ms after its create answered, before the {Lag.TotalMilliseconds:0} ms lag.");
    }

    [Fact]
    public async Task An_attach_a_detach_and_a_delete_show_in_describes_only_after_the_lag()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions with { ConsistencyLag = Lag }, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        var instanceId = await world.RunInstanceAsync(world.SubnetA);
        var eniId = (await client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = world.SubnetA.SubnetId }, Ct)).NetworkInterface.NetworkInterfaceId;
        await WaitForAsync(client, eniId, eni => eni is { Status.Value: "available" }, "the new ENI");

        var attached = await client.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = eniId, InstanceId = instanceId, DeviceIndex = 1 }, Ct);
        Assert.StartsWith("eni-attach-", attached.AttachmentId, StringComparison.Ordinal);
        await ShowsOnlyAfterTheLagAsync(client, eniId, eni => eni is { Attachment.Status.Value: "attached" }, "the attach");

        await client.DetachNetworkInterfaceAsync(new DetachNetworkInterfaceRequest { AttachmentId = attached.AttachmentId }, Ct);
        await ShowsOnlyAfterTheLagAsync(client, eniId, eni => eni is { Status.Value: "available", Attachment: null }, "the detach");

        await client.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = eniId }, Ct);
        await ShowsOnlyAfterTheLagAsync(client, eniId, eni => eni is null, "the delete");
        Assert.DoesNotContain(emulator.Inventory().NetworkInterfaces, e => e.NetworkInterfaceId == eniId);
    }

    [Fact]
    public async Task A_new_instance_is_unknown_until_the_lag_has_passed()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions with { ConsistencyLag = Lag }, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);

        var run = await client.RunInstancesAsync(new RunInstancesRequest { ImageId = "ami-12345678", InstanceType = "m5.large", MinCount = 1, MaxCount = 1, SubnetId = world.SubnetA.SubnetId }, Ct);
        var answered = Stopwatch.StartNew();
        var instanceId = run.Reservation.Instances[0].InstanceId;

        Assert.Equal("running", run.Reservation.Instances[0].State.Name.Value);
        var unknown = await Assert.ThrowsAsync<AmazonEC2Exception>(() => client.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] }, Ct));
        Assert.Equal("InvalidInstanceID.NotFound", unknown.ErrorCode);
        await Poll.UntilAsync(
            async () => (await client.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] }, Ct)).Reservations.Single().Instances.Single().NetworkInterfaces.Count == 1,
            Deadline,
            "the instance and its primary interface to show in describes");
        Assert.True(answered.Elapsed >= Lag, $"The instance showed {answered.Elapsed.TotalMilliseconds:0} ms after its launch answered.");
    }

    /// <summary>The lag is emulated time: at ×20 a 60 s lag is 3 s, shown well before a deadline that the unscaled lag would miss.</summary>
    [Fact]
    public async Task The_lag_scales_with_the_time_factor()
    {
        var options = Ec2EmulatorFixture.FastOptions with { ConsistencyLag = TimeSpan.FromSeconds(60), TimeFactor = 20 };
        await using var emulator = await Ec2Emulator.StartAsync(options, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);

        var eniId = (await client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = world.SubnetA.SubnetId }, Ct)).NetworkInterface.NetworkInterfaceId;
        var answered = Stopwatch.StartNew();

        await WaitForAsync(client, eniId, eni => eni is not null, "the ENI");
        Assert.True(answered.Elapsed >= TimeSpan.FromSeconds(3), $"The ENI showed after {answered.Elapsed.TotalMilliseconds:0} ms, before the scaled 3 s lag.");
    }

    /// <summary>Right after the call, describes still show the state before it; the change shows no sooner than the lag.</summary>
    private static async Task ShowsOnlyAfterTheLagAsync(IAmazonEC2 client, string eniId, Func<NetworkInterface?, bool> changed, string what)
    {
        var answered = Stopwatch.StartNew();
        Assert.False(changed(await DescribeAsync(client, eniId)), $"Describes showed {what} at once.");
        await WaitForAsync(client, eniId, changed, what);
        Assert.True(answered.Elapsed >= Lag, $"Describes showed {what} {answered.Elapsed.TotalMilliseconds:0} ms after it answered, before the lag.");
    }

    private static Task WaitForAsync(IAmazonEC2 client, string eniId, Func<NetworkInterface?, bool> condition, string what) =>
        Poll.UntilAsync(async () => condition(await DescribeAsync(client, eniId)), Deadline, $"describes to show {what}");

    private static async Task<NetworkInterface?> DescribeAsync(IAmazonEC2 client, string eniId)
    {
        try
        {
            return (await client.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [eniId] }, Ct)).NetworkInterfaces.Single();
        }
        catch (AmazonEC2Exception ex) when (ex.ErrorCode == "InvalidNetworkInterfaceID.NotFound")
        {
            return null;
        }
    }

    private static async Task<IReadOnlyList<string>> InSubnetAsync(IAmazonEC2 client, string subnetId) =>
        [.. (await client.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [new Filter("subnet-id", [subnetId])] }, Ct)).NetworkInterfaces.Select(e => e.NetworkInterfaceId)];
}
