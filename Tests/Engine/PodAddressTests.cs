using System.Net;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Pod IPs from the fleet, against the strict EC2 emulator: an ENI is created with its /28 prefixes, the fleet
/// grows them as the node reports use (one AssignPrivateIpAddresses per prefix, none per pod), drains an idle one
/// through the node's IPAM and gives it back, and turns what the instance type cannot carry into a condition.
/// </summary>
public sealed class PodAddressTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Prefixes_follow_the_warm_target_as_use_is_reported_and_an_idle_one_is_drained_before_it_goes_back()
    {
        await using var world = await EngineWorld.StartAsync();
        var node = world.Nodes[0];
        var spec = world.Spec(world.Network.SubnetA.SubnetId);
        spec["ipv4PrefixCount"] = 1;
        spec["warmIPTarget"] = 5;
        await world.LabelAsync(node, EngineWorld.Selector);
        await world.CreateNodeEniAsync("pods", spec);

        var first = await ReportedAddressUse.DesiredAsync(world, node, a => a.Ipv4Ranges.Count == 1, "the ENI with its first prefix in the node's desired set");
        var prefix = first.Addressing!.Ipv4Ranges[0].Cidr;
        var subnet = IPNetwork.Parse(world.Network.SubnetA.CidrBlock);
        Assert.True(subnet.Contains(IPNetwork.Parse(prefix).BaseAddress) && prefix.EndsWith("/28", StringComparison.Ordinal), prefix);
        Assert.Equal((world.Network.SubnetA.CidrBlock, Gateway(subnet)), (first.Addressing.SubnetCidr, first.Addressing.Gateway));
        var described = await world.DescribedEniAsync(first.EniId, e => e.Ipv4Prefixes.Count == 1);
        Assert.Equal(prefix, described.Ipv4Prefixes[0].Ipv4Prefix);
        Assert.Equal(0, world.Ec2.Calls.Count("AssignPrivateIpAddresses"));

        // 11 pods leave 5 free: enough. The 12th leaves 4, under the warm target: one more prefix, one EC2 call.
        await ReportedAddressUse.ReportAsync(world, node, first, 11);
        await ReportedAddressUse.ReportAsync(world, node, first, 12);
        var grown = await ReportedAddressUse.DesiredAsync(world, node, a => a.Ipv4Ranges.Count == 2, "a second prefix for the warm target");
        Assert.Equal(1, world.Ec2.Calls.Count("AssignPrivateIpAddresses"));
        await world.DescribedEniAsync(first.EniId, e => e.Ipv4Prefixes.Count == 2);
        var second = grown.Addressing!.Ipv4Ranges[1].Cidr;
        await Poll.UntilAsync(
            async () => await world.GetNodeEniAsync("pods") is { Status.Attachments: [{ Ipv4Prefixes.Count: 2, IpsInUse: 12 }] },
            Deadline,
            "status to list both prefixes and the 12 addresses in use");

        // Down to 3 pods in the first prefix: the idle second one is drained, not yet returned.
        await ReportedAddressUse.ReportAsync(world, node, grown, 3, 0);
        var draining = await ReportedAddressUse.DesiredAsync(world, node, a => a.Ipv4Ranges.Any(r => r.Cidr == second && r.Draining), "the idle prefix draining");
        Assert.Equal(0, world.Ec2.Calls.Count("UnassignPrivateIpAddresses"));

        // The node writes it as draining and reports it empty: back to EC2.
        await ReportedAddressUse.ReportAsync(world, node, draining, 3, 0);
        await ReportedAddressUse.DesiredAsync(world, node, a => a.Ipv4Ranges.Select(r => r.Cidr).SequenceEqual([prefix]), "the node's ranges down to the first prefix");
        await world.DescribedEniAsync(first.EniId, e => e.Ipv4Prefixes.Select(p => p.Ipv4Prefix).SequenceEqual([prefix]));
        Assert.Equal((1, 1), (world.Ec2.Calls.Count("AssignPrivateIpAddresses"), world.Ec2.Calls.Count("UnassignPrivateIpAddresses")));
    }

    [Fact]
    public async Task Prefixes_the_instance_type_cannot_carry_are_a_condition_and_no_eni_is_created()
    {
        await using var world = await EngineWorld.StartAsync();
        var spec = world.Spec(world.Network.SubnetA.SubnetId);

        // m5.xlarge takes 15 IPv4 addresses per interface, the primary one among them.
        spec["ipv4PrefixCount"] = 15;
        await world.LabelAsync(world.Nodes[0], EngineWorld.Selector);
        await world.CreateNodeEniAsync("too-many", spec);

        var ready = await Poll.ForValueAsync(
            async () => (await world.GetNodeEniAsync("too-many"))?.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready && c.Reason != "Progressing"),
            Deadline,
            "Ready=False with the reason");
        Assert.Equal(("False", "AddressLimitReached"), (ready.Status, ready.Reason));
        Assert.Contains("15 IPv4 addresses per interface", ready.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.Ec2.Calls.Count("CreateNetworkInterface"));
    }

    private static string Gateway(IPNetwork subnet)
    {
        var bytes = subnet.BaseAddress.GetAddressBytes();
        bytes[^1]++;
        return new IPAddress(bytes).ToString();
    }
}
