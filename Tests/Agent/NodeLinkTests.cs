using System.Text.Json.Nodes;
using Amazon.EC2.Model;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Agent.SiloLink;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Tests.Engine;
using AwsMultiEni.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// The agent's link to its NodeGrain against the running engine (Orleans TestingHost, EC2 and Kubernetes
/// emulators): a simulated node whose ENIs show up as veth links in a namespace (kernel) or as a PCI
/// device in the fake sysfs layout (DPDK), "hot-plugged" only once EC2 attached them. What happened is
/// read with <c>ip -j</c>, from the fake sysfs and from the NodeENI's status, not from the agent.
/// </summary>
public sealed partial class NodeLinkTests : IAsyncLifetime
{
    private const string DpdkPci = FakePciKernel.EnaDevice;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    private EngineWorld _world = null!;
    private SimulatedAgentNode _agent = null!;

    private SimulatedNode Node => _world.Nodes[0];

    private string NodeKey => GrainKey.Join(_world.ClusterName, Node.Name);

    public async ValueTask InitializeAsync()
    {
        _world = await EngineWorld.StartAsync();
        _agent = await SimulatedAgentNode.CreateAsync();
        await _world.LabelAsync(Node, EngineWorld.Selector);
    }

    // Null-safe: a failed InitializeAsync still gets here, and must stop whichever part did start.
    public ValueTask DisposeAsync() => SimulatedAgentNode.StopBothAsync(_agent, _world);

    [Fact]
    public async Task Kernel_and_dpdk_enis_are_applied_and_the_report_reaches_the_nodeeni_status()
    {
        _agent.StartLink(_world.Grains, new NodeLinkSettings(_world.ClusterName, Node.Name, TimeSpan.FromSeconds(2)));
        await _world.CreateNodeEniAsync("kernel", KernelSpec(9001));
        await _world.CreateNodeEniAsync("dpdk", DpdkSpec());

        var kernelMac = await HotPlugAsync("kernel", "ens6");
        await HotPlugAsync("dpdk", "ens7", DpdkPci);

        var bound = await Poll.ForValueAsync(
            async () => await _world.GetNodeEniAsync("dpdk") is { Status.Attachments: [{ DpdkBound: true } attachment] } ? attachment : null,
            Deadline,
            "dpdkBound: true in the DPDK NodeENI's status");
        Assert.Equal(("vfio-pci", DpdkPci, "intel.com/sriov_ena"), (bound.DpdkDriver, bound.DpdkPciAddress, bound.DpdkResourceName));
        Assert.Equal("vfio-pci", _agent.Kernel.Driver(DpdkPci));
        Assert.Contains(DpdkPci, await File.ReadAllTextAsync(_agent.SriovPath, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var link = await Poll.ForValueAsync(async () => await _agent.Network.LinkByMacAsync(kernelMac) is { Name: "multus0", Mtu: 9001, Up: true } l ? l : null, Deadline, "multus0 at MTU 9001 and up");
        var report = await Poll.ForValueAsync(
            async () => await _world.Grains.GetGrain<INodeGrain>(NodeKey).GetReport() is { Interfaces.Count: 2, AllConverged: true } r ? r : null,
            Deadline,
            "a report of both ENIs converged");
        var kernel = report.Interfaces.Single(i => i.Driver != "vfio-pci");
        Assert.Equal((link.Name, true, 9001, (string?)null), (kernel.Name, kernel.Up, kernel.Mtu, kernel.Error));
        var kernelStatus = await Poll.ForValueAsync(
            async () => await _world.GetNodeEniAsync("kernel") is { Status.Attachments: [{ InterfaceName: not null } attachment] } ? attachment : null,
            Deadline,
            "the agent's report in the kernel NodeENI's status");
        Assert.Equal((9001, (bool?)null), (kernelStatus.Mtu, kernelStatus.DpdkBound));
        Assert.Equal(("multus0", (bool?)true, (int?)9001, (string?)null), (kernelStatus.InterfaceName, kernelStatus.InterfaceUp, kernelStatus.InterfaceMtu, kernelStatus.InterfaceError));
    }

    [Fact]
    public async Task A_name_held_by_a_link_the_agent_does_not_own_shows_in_status_and_the_eni_keeps_its_own_name()
    {
        await _agent.Network.AddVethAsync("multus0", "02:00:00:00:99:99");
        _agent.StartLink(_world.Grains, new NodeLinkSettings(_world.ClusterName, Node.Name, TimeSpan.FromSeconds(2)));
        await _world.CreateNodeEniAsync("kernel", KernelSpec(9001));
        var mac = await HotPlugAsync("kernel", "ens6");

        var status = await Poll.ForValueAsync(
            async () => await _world.GetNodeEniAsync("kernel") is { Status.Attachments: [{ InterfaceError: not null } attachment] } ? attachment : null,
            Deadline,
            "the refused name in the kernel NodeENI's status");
        Assert.Equal(("ens6", (bool?)true, (int?)9001), (status.InterfaceName, status.InterfaceUp, status.InterfaceMtu));
        Assert.Contains("multus0", status.InterfaceError, StringComparison.Ordinal);
        Assert.True(status.InterfaceError!.Length <= EniAttachmentStatus.MaxInterfaceErrorLength);
        Assert.Equal("multus0", (await _agent.Network.LinkByMacAsync("02:00:00:00:99:99"))?.Name);
        Assert.Equal("ens6", (await _agent.Network.LinkByMacAsync(mac))?.Name);
    }

    [Fact]
    public async Task A_spec_change_reaches_the_agent_by_push_long_before_its_resync()
    {
        var status = _agent.StartLink(_world.Grains, new NodeLinkSettings(_world.ClusterName, Node.Name, Never));
        await Poll.UntilAsync(() => status is { Connected: true, Reads: 1 }, Deadline, "the link's first read");
        await _world.CreateNodeEniAsync("kernel", KernelSpec(9001));
        var mac = await HotPlugAsync("kernel", "ens6");
        await Poll.UntilAsync(async () => await _agent.Network.LinkByMacAsync(mac) is { Mtu: 9001, Up: true }, Deadline, "the ENI's link at MTU 9001 and up");

        await _world.Admin.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["mtu"] = 4000 } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            NodeEni.Group,
            NodeEni.Version,
            NodeEni.Plural,
            "kernel",
            cancellationToken: TestContext.Current.CancellationToken);

        await Poll.UntilAsync(async () => await _agent.Network.LinkByMacAsync(mac) is { Mtu: 4000, Up: true }, Deadline, "the ENI's link at the new MTU 4000");
        Assert.Equal(1, status.Reads);
        Assert.True(status.Pushes >= 2, $"{status.Pushes} pushes");
    }

    [Fact]
    public async Task When_the_grain_forgot_the_subscription_the_periodic_read_still_delivers()
    {
        var status = _agent.StartLink(
            _world.Grains,
            new NodeLinkSettings(_world.ClusterName, Node.Name, TimeSpan.FromSeconds(1)) { SubscriptionRefresh = Never });
        await Poll.UntilAsync(() => status is { Connected: true, Reads: >= 1 }, Deadline, "the link's first read");

        // A new activation of the NodeGrain (a silo restart, say) starts without observers.
        await _world.Silos.DeactivateAsync(_world.Grains.GetGrain<INodeGrain>(NodeKey));
        await _world.CreateNodeEniAsync("kernel", KernelSpec(9001));
        var mac = await HotPlugAsync("kernel", "ens6");

        await Poll.UntilAsync(async () => await _agent.Network.LinkByMacAsync(mac) is { Name: "multus0", Mtu: 9001, Up: true }, Deadline, "the ENI's link configured");
        Assert.Equal(0, status.Pushes);
        Assert.True(status.Reads >= 2, $"{status.Reads} reads");
    }

    [Fact]
    public async Task A_device_plugin_restart_that_times_out_is_reported_and_the_agent_goes_on_applying()
    {
        var status = _agent.StartLink(_world.Grains, new NodeLinkSettings(_world.ClusterName, Node.Name, TimeSpan.FromSeconds(2)), new TimingOutRestarter());
        await _world.CreateNodeEniAsync("dpdk", DpdkSpec());
        await HotPlugAsync("dpdk", "ens7", DpdkPci);
        await Poll.UntilAsync(
            async () => await _world.Grains.GetGrain<INodeGrain>(NodeKey).GetReport() is { Interfaces: [{ Error: { } error }] } && error.Contains("HttpClient.Timeout", StringComparison.Ordinal),
            Deadline,
            "the timed-out plugin restart in the node's report");

        // The apply loop lives on: an ENI that arrives later is still configured.
        await _world.CreateNodeEniAsync("kernel", KernelSpec(9001));
        var mac = await HotPlugAsync("kernel", "ens6");

        await Poll.UntilAsync(async () => await _agent.Network.LinkByMacAsync(mac) is { Name: "multus0", Mtu: 9001, Up: true }, Deadline, "the later ENI's link configured");
        Assert.Null(status.ApplyLoopFailure);
    }

    private JsonObject KernelSpec(int mtu)
    {
        var spec = _world.Spec(_world.Network.SubnetA.SubnetId);
        spec["mtu"] = mtu;
        spec["interfaceName"] = "multus0";
        return spec;
    }

    private JsonObject DpdkSpec()
    {
        var spec = _world.Spec(_world.Network.SubnetA.SubnetId);
        spec["deviceIndex"] = 2;
        spec["enableDPDK"] = true;
        spec["dpdkResourceName"] = "intel.com/sriov_ena";
        spec["dpdkPCIAddress"] = DpdkPci;
        return spec;
    }

    private Task<string> HotPlugAsync(string nodeEni, string interfaceName, string? pciAddress = null) =>
        _agent.HotPlugAsync(_world, nodeEni, interfaceName, Deadline, pciAddress);
}
