using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A DPDK or named interface leaves the node before it leaves the instance: released, it first drops out of the
/// node's desired set, and the detach reaches EC2 only once the node's agent reports it torn down, or, when the agent
/// stays silent, after the deadline. The test plays the agent through the NodeGrain, as the real one does; the order
/// is judged by the EC2 emulator's call log.
/// </summary>
public sealed class ReleaseOrderTests
{
    private const string Name = "leaving";
    private const string Detach = "DetachNetworkInterface";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static TheoryData<string> NodeSideSettings => ["named", "dpdk"];

    [Theory]
    [MemberData(nameof(NodeSideSettings))]
    public async Task The_detach_waits_for_the_agent_to_report_the_interface_torn_down(string setting)
    {
        await using var world = await EngineWorld.StartAsync();
        var agent = await AttachAndReportAsync(world, setting);

        await world.LabelAsync(world.Nodes[0], null);

        await Poll.UntilAsync(async () => (await agent.GetDesiredInterfaces()).Interfaces.Count == 0, Deadline, "the interface to leave the node's desired set");
        Assert.True(world.Ec2.Calls.Count(Detach) == 0, "the ENI was detached before its agent reported the interface torn down");
        var tornDownAt = world.Ec2.Calls.Now;
        await agent.Report(new NodeInterfaceReport([]));

        await Poll.UntilAsync(() => world.EnisOf(Name).Count == 0, Deadline, "the released ENI to be deleted");
        Assert.All(world.Ec2.Calls.Records.Where(r => r.Action == Detach), r => Assert.True(r.At > tornDownAt, $"a detach reached EC2 at {r.At}, before the agent reported the interface torn down at {tornDownAt}"));
        Assert.NotEqual(0, world.Ec2.Calls.Count(Detach));
    }

    [Fact]
    public async Task An_agent_that_stays_silent_delays_the_detach_only_until_the_deadline()
    {
        var timeout = TimeSpan.FromSeconds(2);
        await using var world = await EngineWorld.StartAsync(new EngineWorldOptions { AgentTeardownTimeout = timeout });
        var agent = await AttachAndReportAsync(world, "dpdk");
        var releasedAt = world.Ec2.Calls.Now;

        await world.LabelAsync(world.Nodes[0], null);

        await Poll.UntilAsync(() => world.EnisOf(Name).Count == 0, Deadline, "the released ENI to be deleted although the agent never reported it torn down");
        Assert.Empty((await agent.GetDesiredInterfaces()).Interfaces);
        var detach = world.Ec2.Calls.Records.First(r => r.Action == Detach);
        Assert.True(detach.At - releasedAt >= timeout, $"the detach reached EC2 {detach.At - releasedAt} after the release, within the agent's {timeout}");
    }

    /// <summary>Attaches an ENI to node 0 with node-side settings and reports it set up, as its agent would.</summary>
    private static async Task<INodeGrain> AttachAndReportAsync(EngineWorld world, string setting)
    {
        var spec = world.Spec(world.Network.SubnetA.SubnetId);
        if (setting == "dpdk")
        {
            spec["enableDPDK"] = true;
            spec["dpdkResourceName"] = "intel.com/multus_dpdk";
            spec["dpdkPCIAddress"] = "0000:00:06.0";
        }
        else
        {
            spec["interfaceName"] = "multus1";
        }

        await world.LabelAsync(world.Nodes[0], EngineWorld.Selector);
        await world.CreateNodeEniAsync(Name, spec);
        var agent = world.Grains.GetGrain<INodeGrain>(GrainKey.Join(world.ClusterName, world.Nodes[0].Name));
        var wanted = await Poll.ForValueAsync(async () => (await agent.GetDesiredInterfaces()).Interfaces.FirstOrDefault(), Deadline, "the ENI in the node's desired set");
        await agent.Report(new NodeInterfaceReport(
        [
            wanted.Dpdk is { } dpdk
                ? new ObservedInterface(wanted.EniId, wanted.MacAddress, null, dpdk.PciAddress, false, null, dpdk.Driver, null)
                : new ObservedInterface(wanted.EniId, wanted.MacAddress, wanted.InterfaceName, null, true, wanted.Mtu, null, null),
        ]));
        await Poll.UntilAsync(async () => await world.ReadyGenerationAsync(Name) == 1, Deadline, "the NodeENI to be Ready");
        return agent;
    }
}
