using System.Diagnostics;
using Amazon.EC2;
using Amazon.EC2.Model;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox.Ec2;

/// <summary>
/// The emulator is as eventually consistent as EC2: the call that makes a change answers at once, describes show it
/// only once the lag has passed. Times are checked as lower bounds, measured from before the call was sent (the
/// emulator stamps a change before its answer travels back), and deadlines only bound a failure, so nothing here can
/// flake on a slow machine.
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

        var sent = Stopwatch.StartNew();
        var created = await client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = world.SubnetA.SubnetId }, Ct);
        var eniId = created.NetworkInterface.NetworkInterfaceId;

        var byId = await DescribeAsync(client, eniId);
        var filtered = await InSubnetAsync(client, world.SubnetA.SubnetId);
        NotYetShown(sent, byId is not null || filtered.Contains(eniId), "the new ENI");
        await Poll.UntilAsync(async () => (await InSubnetAsync(client, world.SubnetA.SubnetId)).Contains(eniId), Deadline, "the ENI to show in describes");
        Assert.True(sent.Elapsed >= Lag, $"The ENI showed {sent.Elapsed.TotalMilliseconds:0} ms after its create was sent, before the {Lag.TotalMilliseconds:0} ms lag.");
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

        var attachmentId = string.Empty;
        await ShowsOnlyAfterTheLagAsync(
            async () => attachmentId = (await client.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = eniId, InstanceId = instanceId, DeviceIndex = 1 }, Ct)).AttachmentId,
            client,
            eniId,
            eni => eni is { Attachment.Status.Value: "attached" },
            "the attach");
        Assert.StartsWith("eni-attach-", attachmentId, StringComparison.Ordinal);

        await ShowsOnlyAfterTheLagAsync(
            () => client.DetachNetworkInterfaceAsync(new DetachNetworkInterfaceRequest { AttachmentId = attachmentId }, Ct), client, eniId, eni => eni is { Status.Value: "available", Attachment: null }, "the detach");

        await ShowsOnlyAfterTheLagAsync(
            () => client.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = eniId }, Ct), client, eniId, eni => eni is null, "the delete");
        Assert.DoesNotContain(emulator.Inventory().NetworkInterfaces, e => e.NetworkInterfaceId == eniId);
    }

    [Fact]
    public async Task A_new_instance_is_unknown_until_the_lag_has_passed()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions with { ConsistencyLag = Lag }, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);

        var sent = Stopwatch.StartNew();
        var run = await client.RunInstancesAsync(new RunInstancesRequest { ImageId = "ami-12345678", InstanceType = "m5.large", MinCount = 1, MaxCount = 1, SubnetId = world.SubnetA.SubnetId }, Ct);
        var instanceId = run.Reservation.Instances[0].InstanceId;

        Assert.Equal("running", run.Reservation.Instances[0].State.Name.Value);
        var unknown = await Record.ExceptionAsync(() => client.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] }, Ct));
        NotYetShown(sent, unknown is not AmazonEC2Exception { ErrorCode: "InvalidInstanceID.NotFound" }, "the new instance");
        await Poll.UntilAsync(
            async () => (await client.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] }, Ct)).Reservations.Single().Instances.Single().NetworkInterfaces.Count == 1,
            Deadline,
            "the instance and its primary interface to show in describes");
        Assert.True(sent.Elapsed >= Lag, $"The instance showed {sent.Elapsed.TotalMilliseconds:0} ms after its launch was sent.");
    }

    /// <summary>The lag is emulated time: at ×20 a 60 s lag is 3 s, shown well before a deadline that the unscaled lag would miss.</summary>
    [Fact]
    public async Task The_lag_scales_with_the_time_factor()
    {
        var options = Ec2EmulatorFixture.FastOptions with { ConsistencyLag = TimeSpan.FromSeconds(60), TimeFactor = 20 };
        await using var emulator = await Ec2Emulator.StartAsync(options, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);

        var sent = Stopwatch.StartNew();
        var eniId = (await client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = world.SubnetA.SubnetId }, Ct)).NetworkInterface.NetworkInterfaceId;

        await WaitForAsync(client, eniId, eni => eni is not null, "the ENI");
        Assert.True(sent.Elapsed >= TimeSpan.FromSeconds(3), $"The ENI showed after {sent.Elapsed.TotalMilliseconds:0} ms, before the scaled 3 s lag.");
    }

    /// <summary>Right after the call, describes still show the state before it; the change shows no sooner than the lag.</summary>
    [Fact]
    public async Task Assigned_and_unassigned_prefixes_show_in_describes_only_after_the_lag()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions with { ConsistencyLag = Lag }, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        var eniId = (await client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = world.SubnetA.SubnetId }, Ct)).NetworkInterface.NetworkInterfaceId;
        await WaitForAsync(client, eniId, eni => eni is not null, "the new ENI");

        var prefix = string.Empty;
        await ShowsOnlyAfterTheLagAsync(
            async () => prefix = (await client.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eniId, Ipv4PrefixCount = 1 }, Ct)).AssignedIpv4Prefixes[0].Ipv4Prefix,
            client,
            eniId,
            eni => eni?.Ipv4Prefixes is [_],
            "the assigned prefix");
        await ShowsOnlyAfterTheLagAsync(
            () => client.UnassignPrivateIpAddressesAsync(new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = eniId, Ipv4Prefixes = [prefix] }, Ct),
            client,
            eniId,
            eni => eni?.Ipv4Prefixes is null or [],
            "the unassigned prefix");
    }

    private static async Task ShowsOnlyAfterTheLagAsync(Func<Task> call, IAmazonEC2 client, string eniId, Func<NetworkInterface?, bool> changed, string what)
    {
        var sent = Stopwatch.StartNew();
        await call();
        NotYetShown(sent, changed(await DescribeAsync(client, eniId)), what);
        await WaitForAsync(client, eniId, changed, what);
        Assert.True(sent.Elapsed >= Lag, $"Describes showed {what} {sent.Elapsed.TotalMilliseconds:0} ms after it was sent, before the lag.");
    }

    /// <summary>
    /// A describe made right after the call must not show it yet. Judged only when that describe came back within the
    /// lag of the call being sent: a machine that stalled longer cannot tell "at once" from "after the lag".
    /// </summary>
    private static void NotYetShown(Stopwatch sent, bool shown, string what)
    {
        if (sent.Elapsed < Lag)
        {
            Assert.False(shown, $"Describes showed {what} at once.");
        }
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
