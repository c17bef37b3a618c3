using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// The node's primary interface is never touched, whatever the desired set says: not the link the main table's
/// default route leaves through (on the real kernel: a veth with an address and a default route in the node's
/// namespace), not for a rename, an MTU or a DPDK bind, and nothing named at device index 0. Each refusal is in
/// the report; <c>ip -j link</c> and the sysfs layout show the interface as it was.
/// </summary>
public sealed class PrimaryInterfaceTests : IAsyncLifetime
{
    private const string PrimaryMac = "02:1e:00:00:04:01";
    private const string SecondaryMac = "02:1e:00:00:04:02";

    private SimulatedAgentNode _node = null!;

    public async ValueTask InitializeAsync()
    {
        _node = await SimulatedAgentNode.CreateAsync();
        await _node.Network.AddVethAsync("ens5", PrimaryMac);
        await _node.Network.AddVethAsync("ens6", SecondaryMac);
        await _node.Network.IpAsync("addr", "add", "10.9.0.2/24", "dev", "ens5");
        await _node.Network.IpAsync("link", "set", "ens5", "up");
        await _node.Network.IpAsync("route", "add", "default", "via", "10.9.0.1", "dev", "ens5", "onlink");
        _node.Kernel.AddNetDevice("ens5", FakePciKernel.EnaDevice, PrimaryMac);
    }

    // Null-safe: a failed InitializeAsync still gets here.
    public ValueTask DisposeAsync() => _node?.DisposeAsync() ?? ValueTask.CompletedTask;

    public static TheoryData<string, DesiredInterface> Refusals => new()
    {
        { "carries the node's default route", new DesiredInterface("eni-p", PrimaryMac, 1, 9001, "multus0") },
        { "carries the node's default route", new DesiredInterface("eni-p", PrimaryMac, 1, 9001, Dpdk: new DpdkBinding("vfio-pci", "intel.com/sriov_ena", FakePciKernel.EnaDevice)) },
        { "device index 0", new DesiredInterface("eni-z", SecondaryMac, 0, 9001, "multus0") },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task The_primary_interface_is_refused_and_left_as_it_was(string why, DesiredInterface wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var driverBefore = _node.Kernel.Driver(FakePciKernel.EnaDevice);

        var report = await _node.Applier(new CountingRestarter(), TimeSpan.FromSeconds(5)).ApplyAsync(new DesiredInterfaceSet([wanted]), TestContext.Current.CancellationToken);

        var observed = Assert.Single(report.Interfaces);
        Assert.Contains(why, observed.Error, StringComparison.Ordinal);
        Assert.Contains("never changes it", observed.Error, StringComparison.Ordinal);
        var primary = (await _node.Network.LinkByMacAsync(PrimaryMac))!;
        Assert.Equal(("ens5", 1500, true), (primary.Name, primary.Mtu, primary.Up));
        var secondary = (await _node.Network.LinkByMacAsync(SecondaryMac))!;
        Assert.Equal(("ens6", 1500, false), (secondary.Name, secondary.Mtu, secondary.Up));
        Assert.Equal(driverBefore, _node.Kernel.Driver(FakePciKernel.EnaDevice));
        Assert.Contains("default via 10.9.0.1", await _node.Network.IpAsync("route", "show", "default"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Instance metadata names the primary MAC on a link without the default route (as when the route was moved to
    /// another link): the entry is refused all the same, whatever device index it claims, and the link is left down.
    /// </summary>
    [Fact]
    public async Task The_primary_mac_from_instance_metadata_is_refused_although_its_link_has_no_default_route()
    {
        await using var imds = await FakeInstanceMetadataService.StartAsync(SecondaryMac.ToUpperInvariant());
        _node.InstanceMetadataEndpoint = imds.Endpoint;
        var applier = _node.Applier(new CountingRestarter(), TimeSpan.FromSeconds(5));

        var report = await applier.ApplyAsync(new DesiredInterfaceSet([new DesiredInterface("eni-m", SecondaryMac, 1, 9001, "multus0")]), TestContext.Current.CancellationToken);
        var again = await applier.ApplyAsync(new DesiredInterfaceSet([new DesiredInterface("eni-m", SecondaryMac, 1, 9001, "multus0")]), TestContext.Current.CancellationToken);

        var observed = Assert.Single(report.Interfaces);
        Assert.Contains("is the instance's primary MAC (instance metadata)", observed.Error, StringComparison.Ordinal);
        Assert.Contains("never changes it", observed.Error, StringComparison.Ordinal);
        Assert.Equal(observed.Error, Assert.Single(again.Interfaces).Error);
        var secondary = (await _node.Network.LinkByMacAsync(SecondaryMac))!;
        Assert.Equal(("ens6", 1500, false), (secondary.Name, secondary.Mtu, secondary.Up));
        // IMDSv2: a token first, the MAC with it, and both once: the primary ENI does not change while the instance lives.
        Assert.Equal(["PUT /latest/api/token", "GET /latest/meta-data/mac (token)"], imds.Requests);
    }

    [Fact]
    public async Task A_secondary_interface_beside_the_primary_is_still_configured()
    {
        var report = await _node.Applier(new CountingRestarter(), TimeSpan.FromSeconds(5))
            .ApplyAsync(new DesiredInterfaceSet([new DesiredInterface("eni-s", SecondaryMac, 1, 9001, "multus0")]), TestContext.Current.CancellationToken);

        Assert.Null(Assert.Single(report.Interfaces).Error);
        var secondary = (await _node.Network.LinkByMacAsync(SecondaryMac))!;
        Assert.Equal(("multus0", 9001, true), (secondary.Name, secondary.Mtu, secondary.Up));
    }
}
