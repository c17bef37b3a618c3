using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Tests.Sandbox.Ec2;

/// <summary>
/// Prefixes and per-interface address limits, emulator only: moto ignores <c>Ipv4PrefixCount</c> entirely and enforces
/// neither the Nitro rule nor the instance type's addresses per interface.
/// </summary>
public sealed partial class EmulatorEc2ContractTests
{
    [Fact]
    public async Task Creates_and_assigns_aligned_prefixes_that_overlap_nothing_in_use()
    {
        // The neighbour holds addresses in the lowest blocks a prefix could take (.16/28 and .48/28), so prefixes must skip them.
        var instanceId = await World.RunInstanceAsync(World.SubnetA, "m5.large");
        var neighbourId = (await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, "node-2") with { Addresses = new AddressCounts(0, 3, 0) }, Ct)).NetworkInterfaceId;
        await Client.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = neighbourId, PrivateIpAddresses = ["10.20.1.17", "10.20.1.50"] }, Ct);
        var neighbour = (await Gateway.DescribeNetworkInterfaceAsync(neighbourId, Ct))!;
        var created = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA) with { Addresses = new AddressCounts(2, 1, 0) }, Ct);
        await Gateway.AttachNetworkInterfaceAsync(created.NetworkInterfaceId, instanceId, 1, Ct);

        var assigned = await Gateway.AssignAddressesAsync(created.NetworkInterfaceId, new AddressCounts(3, 0, 0), Ct);

        Assert.Equal((2, 1), (created.Addresses.Ipv4Prefixes.Count, created.Addresses.SecondaryIpv4Addresses.Count));
        Assert.Equal(5, neighbour.Addresses.SecondaryIpv4Addresses.Count);
        Assert.Equal(3, assigned.Ipv4Prefixes.Count);
        var described = (await Gateway.DescribeNetworkInterfaceAsync(created.NetworkInterfaceId, Ct))!;
        Assert.Equal(created.Addresses.Ipv4Prefixes.Concat(assigned.Ipv4Prefixes).Order(), described.Addresses.Ipv4Prefixes.Order());
        var subnet = IPNetwork.Parse(World.SubnetA.CidrBlock);
        var prefixes = described.Addresses.Ipv4Prefixes.Select(IPNetwork.Parse).ToList();
        var singles = new[] { created.PrivateIpAddress!, neighbour.PrivateIpAddress! }.Concat(created.Addresses.SecondaryIpv4Addresses).Concat(neighbour.Addresses.SecondaryIpv4Addresses)
            .Select(IPAddress.Parse).ToList();
        var reserved = new[] { 0, 1, 2, 3, 255 }.Select(host => IPAddress.Parse($"10.20.1.{host}")).ToList();
        Assert.All(prefixes, prefix =>
        {
            Assert.Equal(28, prefix.PrefixLength);
            Assert.Equal(0, prefix.BaseAddress.GetAddressBytes()[3] % 16);
            Assert.True(subnet.Contains(prefix.BaseAddress), $"{prefix} is outside {subnet}");
            Assert.DoesNotContain(singles.Concat(reserved), prefix.Contains);
        });
        Assert.Equal(prefixes.Count, prefixes.Distinct().Count());
    }

    [Fact]
    public async Task A_subnet_without_a_free_aligned_28_answers_InsufficientCidrBlocks_until_one_frees()
    {
        // A /26 has two /28s clear of EC2's reserved addresses (.16 and .32); one address in each fragments it.
        var small = await World.AddSubnetAsync("10.20.3.0/26", World.SubnetA.AvailabilityZone, $"small-{World.Tag}");
        var eni = await Gateway.CreateNetworkInterfaceAsync(World.Eni(small), Ct);
        await Client.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eni.NetworkInterfaceId, PrivateIpAddresses = ["10.20.3.20", "10.20.3.40"] }, Ct);

        var error = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.AssignAddressesAsync(eni.NetworkInterfaceId, new AddressCounts(1, 0, 0), Ct));

        Assert.Equal(("InsufficientCidrBlocks", Ec2ErrorKind.LimitExceeded, 1), (error.ErrorCode, error.Kind, error.Attempts));
        Assert.Equal(Ec2Outcome.Done, await Gateway.UnassignAddressesAsync(eni.NetworkInterfaceId, new EniAddresses([], ["10.20.3.40"], []), Ct));
        Assert.Equal(["10.20.3.32/28"], (await Gateway.AssignAddressesAsync(eni.NetworkInterfaceId, new AddressCounts(1, 0, 0), Ct)).Ipv4Prefixes);
    }

    [Fact]
    public async Task Refuses_prefixes_on_an_instance_type_without_the_Nitro_system()
    {
        var xen = await World.RunInstanceAsync(World.SubnetA, "t2.micro");
        var withPrefix = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, "node-1") with { Addresses = new AddressCounts(1, 0, 0) }, Ct);
        var plain = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, "node-2"), Ct);

        var attach = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.AttachNetworkInterfaceAsync(withPrefix.NetworkInterfaceId, xen, 1, Ct));
        await Gateway.AttachNetworkInterfaceAsync(plain.NetworkInterfaceId, xen, 1, Ct);
        var assign = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.AssignAddressesAsync(plain.NetworkInterfaceId, new AddressCounts(1, 0, 0), Ct));

        Assert.Single(withPrefix.Addresses.Ipv4Prefixes);
        Assert.All([attach, assign], error => Assert.Equal(("InvalidParameterValue", Ec2ErrorKind.InvalidRequest), (error.ErrorCode, error.Kind)));
        Assert.All([attach, assign], error => Assert.Contains("not supported for the instance type 't2.micro'", error.AwsMessage, StringComparison.Ordinal));
        Assert.Single((await Gateway.AssignAddressesAsync(plain.NetworkInterfaceId, new AddressCounts(0, 1, 0), Ct)).SecondaryIpv4Addresses);
    }

    [Fact]
    public async Task Counts_the_primary_each_secondary_ip_and_each_prefix_against_the_addresses_per_interface()
    {
        // t3.micro: two addresses per interface, and two interfaces (the primary and one more).
        var first = await World.RunInstanceAsync(World.SubnetA, "t3.micro");
        var second = await World.RunInstanceAsync(World.SubnetA, "t3.micro");
        var attached = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, "node-1"), Ct);
        var crowded = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA, "node-2") with { Addresses = new AddressCounts(1, 1, 0) }, Ct);
        await Gateway.AttachNetworkInterfaceAsync(attached.NetworkInterfaceId, first, 1, Ct);
        await Gateway.AssignAddressesAsync(attached.NetworkInterfaceId, new AddressCounts(1, 0, 0), Ct);

        var assign = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.AssignAddressesAsync(attached.NetworkInterfaceId, new AddressCounts(0, 1, 0), Ct));
        var attach = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.AttachNetworkInterfaceAsync(crowded.NetworkInterfaceId, second, 1, Ct));

        Assert.All([assign, attach], error => Assert.Equal(("PrivateIpAddressLimitExceeded", Ec2ErrorKind.LimitExceeded), (error.ErrorCode, error.Kind)));
        Assert.Single((await Gateway.DescribeNetworkInterfaceAsync(attached.NetworkInterfaceId, Ct))!.Addresses.Ipv4Prefixes);
        Assert.Null((await Gateway.DescribeNetworkInterfaceAsync(crowded.NetworkInterfaceId, Ct))!.Attachment);
    }

    [Fact]
    public async Task Unassigning_what_is_not_assigned_is_an_error_that_the_gateway_answers_as_already_gone()
    {
        var eni = await Gateway.CreateNetworkInterfaceAsync(World.Eni(World.SubnetA) with { Addresses = new AddressCounts(1, 1, 0) }, Ct);
        var (prefix, secondary) = (eni.Addresses.Ipv4Prefixes[0], eni.Addresses.SecondaryIpv4Addresses[0]);

        var raw = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Client.UnassignPrivateIpAddressesAsync(
            new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = eni.NetworkInterfaceId, Ipv4Prefixes = [prefix, "10.20.1.240/28"] }, Ct));
        Assert.Equal("InvalidParameterValue", raw.ErrorCode);

        Assert.Equal(Ec2Outcome.Done, await Gateway.UnassignAddressesAsync(eni.NetworkInterfaceId, new EniAddresses([prefix], [], []), Ct));
        Assert.Equal(Ec2Outcome.AlreadyGone, await Gateway.UnassignAddressesAsync(eni.NetworkInterfaceId, new EniAddresses([prefix], [], []), Ct));
        Assert.Equal(Ec2Outcome.Done, await Gateway.UnassignAddressesAsync(eni.NetworkInterfaceId, new EniAddresses([prefix], [secondary], []), Ct));
        Assert.True((await Gateway.DescribeNetworkInterfaceAsync(eni.NetworkInterfaceId, Ct))!.Addresses.IsNone);
        Assert.Equal(Ec2Outcome.Done, await Gateway.DeleteNetworkInterfaceAsync(eni.NetworkInterfaceId, Ct));
        Assert.Equal(Ec2Outcome.AlreadyGone, await Gateway.UnassignAddressesAsync(eni.NetworkInterfaceId, new EniAddresses([], [secondary], []), Ct));
    }

    [Fact]
    public async Task Ipv6_prefixes_come_from_the_subnet_ipv6_block_and_only_where_there_is_one()
    {
        var vpc = (await Client.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.40.0.0/16", AmazonProvidedIpv6CidrBlock = true }, Ct)).Vpc;
        var vpcBlock = IPNetwork.Parse(vpc.Ipv6CidrBlockAssociationSet.Single().Ipv6CidrBlock);
        var subnetBlock = $"{vpcBlock.BaseAddress}/64";
        var dual = (await Client.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.VpcId, CidrBlock = "10.40.1.0/24", Ipv6CidrBlock = subnetBlock, AvailabilityZone = World.SubnetA.AvailabilityZone }, Ct)).Subnet;
        var resolved = Assert.Single((await Gateway.ResolveSubnetsAsync([dual.SubnetId], Ct)).Found);
        var v4Only = World.Eni(World.SubnetA, "node-2") with { Addresses = new AddressCounts(0, 0, 1) };

        var eni = await Gateway.CreateNetworkInterfaceAsync(World.Eni(resolved) with { SecurityGroupIds = [], Addresses = new AddressCounts(0, 0, 2) }, Ct);
        var refused = await Assert.ThrowsAsync<Ec2RequestException>(() => Gateway.CreateNetworkInterfaceAsync(v4Only, Ct));

        Assert.Equal(subnetBlock, resolved.Ipv6CidrBlock);
        Assert.Equal(2, eni.Addresses.Ipv6Prefixes.Count);
        Assert.All(eni.Addresses.Ipv6Prefixes.Select(IPNetwork.Parse), prefix => Assert.True(prefix.PrefixLength == 80 && IPNetwork.Parse(subnetBlock).Contains(prefix.BaseAddress), $"{prefix}"));
        Assert.Equal("InvalidParameterValue", refused.ErrorCode);
        Assert.Equal(Ec2Outcome.Done, await Gateway.UnassignAddressesAsync(eni.NetworkInterfaceId, new EniAddresses([], [], [eni.Addresses.Ipv6Prefixes[0]]), Ct));
        Assert.Equal([eni.Addresses.Ipv6Prefixes[1]], (await Gateway.DescribeNetworkInterfaceAsync(eni.NetworkInterfaceId, Ct))!.Addresses.Ipv6Prefixes);
    }
}
