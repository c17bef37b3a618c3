using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A NodeENI that gives a node several ENIs (several of its subnets in the node's zone) never gives two of them one
/// <c>interfaceName</c>: the first keeps it, the k-th after it gets <c>name-k</c>, within Linux's 15 characters.
/// </summary>
public sealed class InterfaceNamingTests
{
    [Theory]
    [InlineData("multus0", 0, "multus0")]
    [InlineData("multus0", 1, "multus0-1")]
    [InlineData("abcdefghijklmno", 2, "abcdefghijklm-2")]
    [InlineData(null, 1, null)]
    public void The_kth_eni_of_a_node_gets_the_name_with_k_appended_within_15_characters(string? name, int k, string? expected) =>
        Assert.Equal(expected, InterfaceNames.ForSlot(name, k));

    [Fact]
    public async Task Two_subnets_in_a_nodes_zone_publish_two_distinct_names_to_its_agent()
    {
        await using var world = await EngineWorld.StartAsync();
        var second = await world.Network.AddSubnetAsync("10.20.3.0/24", world.Network.SubnetA.AvailabilityZone, "a2");
        var spec = world.Spec(world.Network.SubnetA.SubnetId, second.SubnetId);
        spec["interfaceName"] = "multus0";
        await world.LabelAsync(world.Nodes[0], EngineWorld.Selector);

        await world.CreateNodeEniAsync("named", spec);

        var node = world.Grains.GetGrain<INodeGrain>(GrainKey.Join(world.ClusterName, world.Nodes[0].Name));
        var published = await Poll.ForValueAsync(
            async () => (await node.GetDesiredInterfaces()).Interfaces is { Count: 2 } both ? both : null,
            TimeSpan.FromSeconds(30),
            "both ENIs in the node's desired set");
        Assert.Equal([(1, "multus0"), (2, "multus0-1")], published.Select(i => (i.DeviceIndex, i.InterfaceName)));
    }
}
