using System.Text.Json.Nodes;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Agent.Apply;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Agent.State;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// The whole convergence: links in a real namespace (veth pairs as ENIs), PCI devices in a sysfs
/// layout played by <see cref="FakePciKernel"/>, the SR-IOV config in a temporary file, and a
/// device plugin restarter that counts.
/// </summary>
public sealed class NodeApplierTests : IAsyncLifetime
{
    private const string KernelMac = "02:1e:00:00:01:01";
    private const string DpdkMac = "02:1e:00:00:01:02";
    private const string DpdkPci = FakePciKernel.EnaDevice;

    private readonly CountingRestarter _restarter = new();
    private SimulatedAgentNode _node = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string SriovPath => _node.SriovPath;

    private HostStateFile StateFile => _node.StateFile;

    public async ValueTask InitializeAsync()
    {
        _node = await SimulatedAgentNode.CreateAsync();
        await _node.Network.AddVethAsync("ens6", KernelMac);
        await _node.AddPciEniAsync("ens7", DpdkMac, DpdkPci);
    }

    // Null-safe: a failed InitializeAsync still gets here.
    public ValueTask DisposeAsync() => _node?.DisposeAsync() ?? ValueTask.CompletedTask;

    [Fact]
    public async Task Converges_kernel_and_dpdk_enis_and_restarts_the_plugin_only_when_its_config_changed()
    {
        var desired = new DesiredInterfaceSet([
            new DesiredInterface("eni-k", KernelMac, 1, 9001, "multus0"),
            new DesiredInterface("eni-d", DpdkMac, 2, 9001, Dpdk: new DpdkBinding("vfio-pci", "intel.com/sriov_ena", DpdkPci)),
        ]);

        var report = await Applier().ApplyAsync(desired, Cancel);

        Assert.True(report.AllConverged, string.Join("; ", report.Interfaces.Select(i => i.Error)));
        Assert.Equal(new ObservedInterface("eni-k", KernelMac, "multus0", null, true, 9001, null, null), report.Interfaces[0]);
        Assert.Equal(new ObservedInterface("eni-d", DpdkMac, null, DpdkPci, false, null, "vfio-pci", null), report.Interfaces[1]);
        var kernelLink = (await _node.Network.LinkByMacAsync(KernelMac))!;
        Assert.Equal(("multus0", 9001, true), (kernelLink.Name, kernelLink.Mtu, kernelLink.Up));
        var peer = (await _node.Network.LinkByNameAsync("p-ens6"))!;
        Assert.Equal((1500, false), (peer.Mtu, peer.Up));
        Assert.Equal("vfio-pci", _node.Kernel.Driver(DpdkPci));
        Assert.Equal(["0000:00:06.0"], PciAddressesOf("sriov_ena"));
        Assert.Equal(1, _restarter.Restarts);

        var again = await Applier().ApplyAsync(desired, Cancel);

        Assert.Equal(report.Interfaces, again.Interfaces);
        Assert.Equal(1, _restarter.Restarts);
    }

    [Fact]
    public async Task An_eni_that_no_longer_wants_dpdk_goes_back_to_ena_and_the_plugin_keeps_a_resource_pool_and_runs()
    {
        var dpdk = new DesiredInterface("eni-d", DpdkMac, 2, 9001, Dpdk: new DpdkBinding("vfio-pci", "intel.com/sriov_ena", DpdkPci));
        await Applier().ApplyAsync(new DesiredInterfaceSet([dpdk]), Cancel);

        var report = await Applier().ApplyAsync(new DesiredInterfaceSet([dpdk with { Dpdk = null }]), Cancel);

        Assert.True(report.AllConverged, report.Interfaces[0].Error);
        Assert.Equal("ena", _node.Kernel.Driver(DpdkPci));
        Assert.Equal(("ena", DpdkPci), (report.Interfaces[0].Driver, report.Interfaces[0].PciAddress));
        // The last entry stays rather than an empty resourceList, and the plugin is not restarted onto nothing.
        Assert.Equal([DpdkPci], PciAddressesOf("sriov_ena"));
        Assert.Empty(StateFile.Read().Bindings);
        Assert.Equal(1, _restarter.Restarts);
    }

    [Fact]
    public async Task A_dpdk_eni_without_a_pci_address_binds_its_own_device_and_keeps_it_bound()
    {
        var desired = new DesiredInterfaceSet([
            new DesiredInterface("eni-d", DpdkMac.ToUpperInvariant(), 2, 9001, Dpdk: new DpdkBinding("vfio-pci", "intel.com/sriov_ena", string.Empty)),
        ]);

        var report = await Applier().ApplyAsync(desired, Cancel);

        Assert.Equal((DpdkPci, "vfio-pci", (string?)null), (report.Interfaces[0].PciAddress, report.Interfaces[0].Driver, report.Interfaces[0].Error));
        Assert.Equal("vfio-pci", _node.Kernel.Driver(DpdkPci));
        Assert.Equal([DpdkPci], PciAddressesOf("sriov_ena"));

        // Bound, the device has no kernel interface to find by MAC any more: the agent's own record names it.
        var again = await Applier().ApplyAsync(desired, Cancel);

        Assert.Equal(report.Interfaces, again.Interfaces);
        Assert.Equal("vfio-pci", _node.Kernel.Driver(DpdkPci));
        Assert.Equal(1, _restarter.Restarts);
    }

    [Fact]
    public async Task A_pci_address_written_in_upper_case_binds_the_device_sysfs_names_in_lower_case()
    {
        const string hexPci = "0000:00:1f.0";
        const string hexMac = "02:1e:00:00:01:1f";
        _node.Kernel.AddEnaDevice(hexPci, hexMac);
        await _node.AddPciEniAsync("ens8", hexMac, hexPci);
        var desired = new DesiredInterfaceSet([
            new DesiredInterface("eni-h", hexMac, 3, 9001, Dpdk: new DpdkBinding("vfio-pci", "intel.com/sriov_ena", "0000:00:1F.0")),
        ]);

        var report = await Applier().ApplyAsync(desired, Cancel);

        Assert.Equal((hexPci, "vfio-pci", (string?)null), (report.Interfaces[0].PciAddress, report.Interfaces[0].Driver, report.Interfaces[0].Error));
        Assert.Equal("vfio-pci", _node.Kernel.Driver(hexPci));
        Assert.Equal([hexPci], PciAddressesOf("sriov_ena"));
    }

    [Fact]
    public async Task A_dpdk_eni_without_a_resource_name_gets_the_default_one_and_the_rest_of_the_apply_goes_on()
    {
        var desired = new DesiredInterfaceSet([
            new DesiredInterface("eni-d", DpdkMac, 2, 9001, Dpdk: new DpdkBinding("vfio-pci", string.Empty, DpdkPci)),
            new DesiredInterface("eni-k", KernelMac, 1, 9001, "multus0"),
        ]);

        var report = await Applier().ApplyAsync(desired, Cancel);

        Assert.True(report.AllConverged, string.Join("; ", report.Interfaces.Select(i => i.Error)));
        Assert.Equal("vfio-pci", _node.Kernel.Driver(DpdkPci));
        Assert.Equal([DpdkPci], PciAddressesOf("sriov_ena"));
        Assert.Equal("intel.com", ResourceList().Single()!["resourcePrefix"]!.GetValue<string>());
        Assert.Equal("multus0", (await _node.Network.LinkByMacAsync(KernelMac))!.Name);
    }

    [Fact]
    public async Task A_resource_name_without_a_prefix_takes_the_configured_one()
    {
        var desired = new DesiredInterfaceSet([
            new DesiredInterface("eni-d", DpdkMac, 2, 9001, Dpdk: new DpdkBinding("vfio-pci", "ena_dpdk", DpdkPci)),
        ]);

        var report = await _node.Applier(_restarter, TimeSpan.FromSeconds(5), new SriovResourceNaming("amazon.com")).ApplyAsync(desired, Cancel);

        Assert.Null(Assert.Single(report.Interfaces).Error);
        var entry = ResourceList().Single()!;
        Assert.Equal(("amazon.com", "ena_dpdk"), (entry["resourcePrefix"]!.GetValue<string>(), entry["resourceName"]!.GetValue<string>()));
        Assert.Equal(["amazon.com/ena_dpdk"], StateFile.Read().SriovResources);
    }

    [Fact]
    public async Task A_plugin_restart_that_failed_is_made_at_the_next_apply_although_the_config_is_unchanged()
    {
        var desired = new DesiredInterfaceSet([
            new DesiredInterface("eni-d", DpdkMac, 2, 9001, Dpdk: new DpdkBinding("vfio-pci", "intel.com/sriov_ena", DpdkPci)),
        ]);

        var failed = await _node.Applier(new TimingOutRestarter(), TimeSpan.FromSeconds(5)).ApplyAsync(desired, Cancel);

        Assert.Contains("HttpClient.Timeout", Assert.Single(failed.Interfaces).Error, StringComparison.Ordinal);
        Assert.True(StateFile.Read().PluginRestartPending);
        var config = await File.ReadAllTextAsync(SriovPath, Cancel);

        var again = await Applier().ApplyAsync(desired, Cancel);

        Assert.Null(Assert.Single(again.Interfaces).Error);
        Assert.Equal(1, _restarter.Restarts);
        Assert.False(StateFile.Read().PluginRestartPending);
        Assert.Equal(config, await File.ReadAllTextAsync(SriovPath, Cancel));
    }

    [Fact]
    public async Task A_pci_address_that_is_not_the_enis_own_is_refused_and_links_it_does_not_own_stay_untouched()
    {
        var desired = new DesiredInterfaceSet([
            new DesiredInterface("eni-d", DpdkMac, 2, 9001, Dpdk: new DpdkBinding("vfio-pci", "intel.com/sriov_ena", "0000:00:07.0")),
        ]);

        var report = await Applier().ApplyAsync(desired, Cancel);

        var observed = Assert.Single(report.Interfaces);
        Assert.Contains("is at PCI address 0000:00:06.0, not 0000:00:07.0", observed.Error, StringComparison.Ordinal);
        Assert.Equal("ena", _node.Kernel.Driver("0000:00:07.0"));
        Assert.Empty(_node.Kernel.Writes);
        Assert.Equal(0, _restarter.Restarts);
        var untouched = (await _node.Network.LinkByMacAsync(DpdkMac))!;
        Assert.Equal(("ens7", 1500, false), (untouched.Name, untouched.Mtu, untouched.Up));
    }

    [Fact]
    public async Task Two_enis_claiming_the_same_mac_are_both_refused_and_nothing_is_touched()
    {
        var desired = new DesiredInterfaceSet([
            new DesiredInterface("eni-1", KernelMac, 1, 9001, "multus0"),
            new DesiredInterface("eni-2", KernelMac.ToUpperInvariant(), 2, 9001),
        ]);

        var report = await Applier().ApplyAsync(desired, Cancel);

        Assert.All(report.Interfaces, i => Assert.Contains("more than one ENI (eni-1, eni-2)", i.Error, StringComparison.Ordinal));
        var untouched = (await _node.Network.LinkByMacAsync(KernelMac))!;
        Assert.Equal(("ens6", 1500, false), (untouched.Name, untouched.Mtu, untouched.Up));
    }

    private NodeApplier Applier() => _node.Applier(_restarter, TimeSpan.FromSeconds(5));

    private JsonArray ResourceList() => JsonNode.Parse(File.ReadAllText(SriovPath))!["resourceList"]!.AsArray();

    private List<string> PciAddressesOf(string resourceName) =>
        ResourceList()
            .Single(e => e!["resourceName"]!.GetValue<string>() == resourceName)!["selectors"]!["pciAddresses"]!.AsArray()
            .Select(a => a!.GetValue<string>())
            .ToList();
}
