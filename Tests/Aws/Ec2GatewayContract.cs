using Amazon.EC2;
using Amazon.EC2.Model;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Aws;

/// <summary>
/// The EC2 contract of the gateway: every operation, run once against moto and once against the Sandbox's
/// emulator, so each keeps the other honest. Strictness moto lacks is tested in the emulator's subclass.
/// </summary>
public abstract class Ec2GatewayContract : IAsyncLifetime
{
    private AmazonEC2Client? _client;
    private Ec2TestWorld? _world;

    protected abstract Uri Endpoint { get; }

    protected AmazonEC2Client Client => _client ?? throw new InvalidOperationException("Not initialized.");

    protected Ec2TestWorld World => _world ?? throw new InvalidOperationException("Not initialized.");

    protected Ec2Gateway Gateway { get; private set; } = null!;

    protected static TimeSpan Settle => TimeSpan.FromSeconds(15);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _client = Ec2TestClients.Client(Endpoint);
        _world = await Ec2TestWorld.CreateAsync(_client);
        Gateway = Ec2TestClients.Gateway(_client);
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Resolves_subnets_by_id_and_by_name_tag_with_zone_and_cidr()
    {
        var resolution = await Gateway.ResolveSubnetsAsync([World.SubnetA.SubnetId, World.SubnetB.Name!, "no-such-name", "subnet-0123456789abcdef0"], Ct);

        Assert.Equal([World.SubnetA, World.SubnetB], resolution.Found.OrderBy(subnet => subnet.Name));
        Assert.Equal(["no-such-name", "subnet-0123456789abcdef0"], resolution.Unresolved);
    }

    [Fact]
    public async Task Resolves_security_groups_by_id_group_name_and_name_tag_within_the_vpc()
    {
        var named = await Client.CreateSecurityGroupAsync(new CreateSecurityGroupRequest
        {
            VpcId = World.VpcId, GroupName = $"web-sg-{World.Tag}", Description = "test",
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.SecurityGroup, Tags = [new Tag("Name", $"web-{World.Tag}")] }],
        }, Ct);
        var otherVpc = (await Client.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.30.0.0/16" }, Ct)).Vpc.VpcId;
        await Client.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { VpcId = otherVpc, GroupName = $"elsewhere-{World.Tag}", Description = "test" }, Ct);

        var resolution = await Gateway.ResolveSecurityGroupsAsync(World.VpcId, [World.GroupId, $"g-{World.Tag}", $"web-{World.Tag}", $"elsewhere-{World.Tag}"], Ct);

        Assert.Equal(new[] { World.GroupId, named.GroupId }.Order(), resolution.Found.Select(group => group.GroupId).Order());
        Assert.All(resolution.Found, group => Assert.Equal(World.VpcId, group.VpcId));
        Assert.Equal($"web-{World.Tag}", resolution.Found.Single(group => group.GroupId == named.GroupId).Name);
        Assert.Equal([$"elsewhere-{World.Tag}"], resolution.Unresolved);
    }

    [Fact]
    public async Task Describes_an_instance_with_its_zone_type_and_primary_interface()
    {
        var instanceId = await World.RunInstanceAsync(World.SubnetB, "m5.xlarge");

        var instance = await Gateway.DescribeInstanceAsync(instanceId, Ct);
        var unknown = await Gateway.DescribeInstanceAsync("i-0123456789abcdef0", Ct);

        Assert.NotNull(instance);
        Assert.Equal(("m5.xlarge", World.SubnetB.AvailabilityZone, "running"), (instance.InstanceType, instance.AvailabilityZone, instance.State));
        Assert.Equal(0, Assert.Single(instance.NetworkInterfaces).DeviceIndex);
        Assert.Null(unknown);
    }

    [Theory]
    [InlineData("t3.micro", 2)]
    [InlineData("m5.large", 3)]
    [InlineData("m5.4xlarge", 8)]
    [InlineData("c5n.18xlarge", 15)]
    [InlineData("c6in.32xlarge", 16)]
    public async Task Reads_the_interface_limit_of_an_instance_type(string instanceType, int expected)
    {
        Assert.Equal(expected, await Gateway.GetMaxNetworkInterfacesAsync(instanceType, Ct));
        Assert.Equal(expected, await Gateway.GetMaxNetworkInterfacesAsync(instanceType, Ct));
    }

    [Fact]
    public async Task An_unknown_instance_type_has_no_limit()
    {
        Assert.Null(await Gateway.GetMaxNetworkInterfacesAsync("x9.huge", Ct));
    }

    [Theory]
    [InlineData("m5.large", 3, 10, true)]
    [InlineData("t3.micro", 2, 2, true)]
    [InlineData("t2.micro", 2, 2, false)]
    [InlineData("m5.metal", 15, 50, true)]
    public async Task Reads_the_address_limits_and_prefix_support_of_an_instance_type(string instanceType, int interfaces, int addressesPerInterface, bool prefixes)
    {
        var limits = await Gateway.GetInstanceTypeLimitsAsync(instanceType, Ct);

        Assert.Equal(new Ec2InstanceTypeLimits(interfaces, addressesPerInterface, addressesPerInterface, true, prefixes), limits);
        Assert.Equal(interfaces, await Gateway.GetMaxNetworkInterfacesAsync(instanceType, Ct));
        Assert.Null(await Gateway.GetInstanceTypeLimitsAsync("x9.huge", Ct));
    }

    [Fact]
    public async Task Assigns_secondary_ips_that_describes_show_and_unassigns_exactly_those_named()
    {
        var created = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA), Ct);

        var assigned = await Gateway.AssignAddressesAsync(created.NetworkInterfaceId, new AddressCounts(0, 2, 0), Ct);

        // moto answers with every address of the ENI, EC2 (and the emulator) with the new ones only: the describe is the common truth.
        var described = (await WaitForAsync(created.NetworkInterfaceId, eni => eni?.Addresses.SecondaryIpv4Addresses.Count == 2))!;
        var secondaries = described.Addresses.SecondaryIpv4Addresses;
        Assert.Superset(assigned.SecondaryIpv4Addresses.ToHashSet(), secondaries.Append(created.PrivateIpAddress!).ToHashSet());
        Assert.Superset(secondaries.ToHashSet(), assigned.SecondaryIpv4Addresses.ToHashSet());
        Assert.Empty(assigned.Ipv4Prefixes);
        var subnet = System.Net.IPNetwork.Parse(World.SubnetA.CidrBlock);
        Assert.All(secondaries, address => Assert.True(subnet.Contains(System.Net.IPAddress.Parse(address)), $"{address} is outside {subnet}"));
        Assert.DoesNotContain(created.PrivateIpAddress, secondaries);
        Assert.Equal(created.PrivateIpAddress, described.PrivateIpAddress);

        var outcome = await Gateway.UnassignAddressesAsync(created.NetworkInterfaceId, new EniAddresses([], [secondaries[0]], []), Ct);

        Assert.Equal(Ec2Outcome.Done, outcome);
        var after = await WaitForAsync(created.NetworkInterfaceId, eni => eni?.Addresses.SecondaryIpv4Addresses.Count == 1);
        Assert.Equal([secondaries[1]], after!.Addresses.SecondaryIpv4Addresses);
    }

    [Fact]
    public async Task Runs_the_whole_lifecycle_of_a_tagged_interface()
    {
        var instanceId = await World.RunInstanceAsync(World.SubnetA);
        var request = World.Eni(World.SubnetA);

        var created = await Gateway.CreateNetworkInterfaceAsync(request, Ct);
        Assert.Equal((World.SubnetA.SubnetId, World.VpcId, World.SubnetA.AvailabilityZone, "available"), (created.SubnetId, created.VpcId, created.AvailabilityZone, created.Status));
        Assert.Equal([World.GroupId], created.SecurityGroupIds);
        Assert.Matches("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$", created.MacAddress);
        Assert.Equal(request.Tags.ToDictionary().OrderBy(tag => tag.Key), created.Tags.OrderBy(tag => tag.Key));

        var attachmentId = await Gateway.AttachNetworkInterfaceAsync(created.NetworkInterfaceId, instanceId, 1, Ct);
        await Gateway.SetDeleteOnTerminationAsync(created.NetworkInterfaceId, attachmentId, true, Ct);
        var attached = await WaitForAsync(created.NetworkInterfaceId, eni => eni?.Attachment?.Status == "attached");
        Assert.Equal((attachmentId, instanceId, 1, "attached"), (attached!.Attachment!.AttachmentId, attached.Attachment.InstanceId, attached.Attachment.DeviceIndex, attached.Attachment.Status));
        Assert.Equal("in-use", attached.Status);
        var instance = await Gateway.DescribeInstanceAsync(instanceId, Ct);
        Assert.Equal([0, 1], instance!.NetworkInterfaces.Select(eni => eni.DeviceIndex).Order());

        Assert.Equal(Ec2Outcome.Done, await Gateway.DetachNetworkInterfaceAsync(attachmentId, force: false, Ct));
        await WaitForAsync(created.NetworkInterfaceId, eni => eni is { Status: "available", Attachment: null });
        Assert.Equal(Ec2Outcome.Done, await Gateway.DeleteNetworkInterfaceAsync(created.NetworkInterfaceId, Ct));

        Assert.Null(await Gateway.DescribeNetworkInterfaceAsync(created.NetworkInterfaceId, Ct));
        Assert.Equal(Ec2Outcome.AlreadyGone, await Gateway.DeleteNetworkInterfaceAsync(created.NetworkInterfaceId, Ct));
        Assert.Equal(Ec2Outcome.AlreadyGone, await Gateway.DetachNetworkInterfaceAsync(attachmentId, force: false, Ct));
    }

    [Fact]
    public async Task Changes_security_groups_and_description_in_place_and_tags_an_interface_created_elsewhere()
    {
        var other = await Client.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = $"other-{World.Tag}", Description = "other", VpcId = World.VpcId }, Ct);
        var foreign = (await Client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = World.SubnetA.SubnetId, Groups = [World.GroupId] }, Ct)).NetworkInterface;
        var tags = World.Eni(World.SubnetA).Tags;

        await Gateway.SetSecurityGroupsAsync(foreign.NetworkInterfaceId, [World.GroupId, other.GroupId], Ct);
        await Gateway.SetDescriptionAsync(foreign.NetworkInterfaceId, "moved to the fleet", Ct);
        await Gateway.TagNetworkInterfaceAsync(foreign.NetworkInterfaceId, tags, Ct);

        var changed = await Gateway.DescribeNetworkInterfaceAsync(foreign.NetworkInterfaceId, Ct);
        Assert.Equal(foreign.NetworkInterfaceId, changed!.NetworkInterfaceId);
        Assert.Equal(new[] { World.GroupId, other.GroupId }.Order(), changed.SecurityGroupIds.Order());
        Assert.Equal("moved to the fleet", changed.Description);
        Assert.Superset(tags.ToDictionary().ToHashSet(), changed.Tags.ToHashSet());
    }

    [Fact]
    public async Task Force_detach_frees_the_interface()
    {
        var instanceId = await World.RunInstanceAsync(World.SubnetA);
        var created = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA), Ct);
        var attachmentId = await Gateway.AttachNetworkInterfaceAsync(created.NetworkInterfaceId, instanceId, 2, Ct);
        await WaitForAsync(created.NetworkInterfaceId, eni => eni?.Attachment?.Status == "attached");

        Assert.Equal(Ec2Outcome.Done, await Gateway.DetachNetworkInterfaceAsync(attachmentId, force: true, Ct));

        await WaitForAsync(created.NetworkInterfaceId, eni => eni is { Status: "available", Attachment: null });
    }

    [Fact]
    public async Task Describes_the_fleet_interfaces_of_a_cluster_across_pages()
    {
        var options = Ec2TestClients.FastRetries();
        options.PageSize = 5;
        var gateway = Ec2TestClients.Gateway(Client, options);
        var cluster = $"c-{World.Tag}";
        var mine = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            mine.Add((await gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, $"node-{i}", cluster), Ct)).NetworkInterfaceId);
        }

        var other = await gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetB, "node-x", $"other-{World.Tag}"), Ct);
        var untagged = await Client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = World.SubnetA.SubnetId }, Ct);

        var fleet = await gateway.DescribeFleetNetworkInterfacesAsync(cluster, Ct);
        var everyCluster = await gateway.DescribeFleetNetworkInterfacesAsync(cluster: null, Ct);

        Assert.Equal(mine.Order(), fleet.Select(eni => eni.NetworkInterfaceId).Order());
        Assert.Superset(new HashSet<string>([.. mine, other.NetworkInterfaceId]), everyCluster.Select(eni => eni.NetworkInterfaceId).ToHashSet());
        Assert.DoesNotContain(untagged.NetworkInterface.NetworkInterfaceId, everyCluster.Select(eni => eni.NetworkInterfaceId));
    }

    [Fact]
    public async Task Concurrent_describes_answer_each_caller_and_null_for_unknown_ids()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, $"node-{i}"), Ct)).NetworkInterfaceId);
        }

        var asked = ids.Concat(ids).Append("eni-0123456789abcdef0").ToList();
        var answers = await Task.WhenAll(asked.Select(id => Gateway.DescribeNetworkInterfaceAsync(id)));

        Assert.Equal(asked.SkipLast(1), answers.SkipLast(1).Select(eni => eni!.NetworkInterfaceId));
        Assert.Null(answers[^1]);
    }

    [Fact]
    public async Task Concurrent_look_ups_by_attachment_key_answer_each_key_with_its_interfaces_and_none_for_unknown_keys()
    {
        var first = World.Eni(World.SubnetA, "node-1");
        var second = World.Eni(World.SubnetB, "node-2");
        var firstIds = new List<string>();
        firstIds.Add((await Gateway.CreateNetworkInterfaceAsync(first, Ct)).NetworkInterfaceId);
        firstIds.Add((await Gateway.CreateNetworkInterfaceAsync(first with { SubnetId = World.SubnetB.SubnetId, ClientToken = World.Eni(World.SubnetA, "node-1", intent: 2).ClientToken }, Ct)).NetworkInterfaceId);
        var secondId = (await Gateway.CreateNetworkInterfaceAsync(second, Ct)).NetworkInterfaceId;

        var keys = new[] { first.Tags.AttachmentKey, second.Tags.AttachmentKey, $"{World.Tag}/eni-{World.Tag}/nobody" };
        var answers = await Task.WhenAll(keys.Select(key => Gateway.DescribeAttachmentNetworkInterfacesAsync(key, Ct)));

        Assert.Equal(firstIds.Order(), answers[0].Select(eni => eni.NetworkInterfaceId).Order());
        Assert.Equal([secondId], answers[1].Select(eni => eni.NetworkInterfaceId));
        Assert.Empty(answers[2]);
    }

    [Fact]
    public async Task Creating_in_an_unknown_subnet_fails_with_the_not_found_code()
    {
        var request = World.Eni(World.SubnetA) with { SubnetId = "subnet-0123456789abcdef0" };

        var error = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.CreateNetworkInterfaceAsync(request, Ct));

        Assert.Equal(("InvalidSubnetID.NotFound", Ec2ErrorKind.NotFound, 1), (error.ErrorCode, error.Kind, error.Attempts));
        Assert.Contains("subnet-0123456789abcdef0", error.AwsMessage, StringComparison.Ordinal);
    }

    protected async Task<Ec2NetworkInterface?> WaitForAsync(string networkInterfaceId, Func<Ec2NetworkInterface?, bool> condition)
    {
        Ec2NetworkInterface? last = null;
        await Poll.UntilAsync(async () => condition(last = await Gateway.DescribeNetworkInterfaceAsync(networkInterfaceId)), Settle, $"{networkInterfaceId} to settle");
        return last;
    }
}
