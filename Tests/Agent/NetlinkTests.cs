using AwsMultiEni.Agent.Interfaces;
using AwsMultiEni.Agent.Netlink;
using AwsMultiEni.Agent.Sysfs;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// The agent's rtnetlink code against the real kernel, inside a network namespace of the test's
/// own with veth pairs standing in for ENIs. Outcomes are checked with <c>ip -j link show</c>.
/// </summary>
public sealed class NetlinkTests : IAsyncLifetime
{
    private const string Mac = "02:1e:00:00:00:01";
    private NetworkNamespace _network = null!;
    private NamespacedNetlink _agent = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _network = await NetworkNamespace.CreateAsync();
        await _network.AddVethAsync("eni1", Mac);
        _agent = await NamespacedNetlink.OpenAsync(_network);
    }

    // Null-safe: a failed InitializeAsync still gets here, and must not leave the namespace behind.
    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
        }
    }

    [Fact]
    public async Task Finds_the_interface_by_mac_address_whatever_its_name()
    {
        var link = await Locator().FindAsync("02:1E:00:00:00:01", Cancel);

        var truth = await _network.LinkByMacAsync(Mac);
        Assert.NotNull(link);
        Assert.Equal(truth!.Index, link.Index);
        Assert.Equal("eni1", link.Name);
        Assert.Equal(1500, link.Mtu);
        Assert.False(link.AdministrativelyUp);
    }

    [Fact]
    public async Task Sets_mtu_9001_and_brings_the_link_up()
    {
        var link = (await Locator().FindAsync(Mac, Cancel))!;

        await _agent.Netlink.SetMtuAsync(link.Index, 9001, Cancel);
        await _agent.Netlink.SetUpAsync(link.Index, up: true, Cancel);

        var truth = await _network.LinkByMacAsync(Mac);
        Assert.Equal(9001, truth!.Mtu);
        Assert.True(truth.Up);
    }

    [Fact]
    public async Task Sets_a_link_down_again()
    {
        await _network.IpAsync("link", "set", "eni1", "up");
        var link = (await Locator().FindAsync(Mac, Cancel))!;
        Assert.True(link.AdministrativelyUp);

        await _agent.Netlink.SetUpAsync(link.Index, up: false, Cancel);

        Assert.False((await _network.LinkByMacAsync(Mac))!.Up);
    }

    [Fact]
    public async Task Renames_a_link_that_is_down()
    {
        var link = (await Locator().FindAsync(Mac, Cancel))!;

        await _agent.Netlink.RenameAsync(link.Index, "multus0", Cancel);

        var truth = await _network.LinkByMacAsync(Mac);
        Assert.Equal("multus0", truth!.Name);
        Assert.Equal(link.Index, truth.Index);
    }

    [Fact]
    public async Task Rejects_mtu_70000_with_EINVAL_and_the_kernels_reason()
    {
        var link = (await Locator().FindAsync(Mac, Cancel))!;

        var error = await Assert.ThrowsAsync<NetlinkException>(() => _agent.Netlink.SetMtuAsync(link.Index, 70000, Cancel));

        Assert.Equal("EINVAL", error.ErrnoName);
        Assert.StartsWith("EINVAL: set link", error.Message, StringComparison.Ordinal);
        Assert.Contains("mtu", error.KernelMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1500, (await _network.LinkByMacAsync(Mac))!.Mtu);
    }

    [Fact]
    public async Task Renaming_onto_a_taken_name_fails_with_EEXIST()
    {
        var link = (await Locator().FindAsync(Mac, Cancel))!;

        var error = await Assert.ThrowsAsync<NetlinkException>(() => _agent.Netlink.RenameAsync(link.Index, "p-eni1", Cancel));

        Assert.Equal("EEXIST", error.ErrnoName);
        Assert.Equal("eni1", (await _network.LinkByMacAsync(Mac))!.Name);
    }

    [Fact]
    public async Task Changing_a_link_that_is_gone_fails_with_ENODEV()
    {
        var error = await Assert.ThrowsAsync<NetlinkException>(() => _agent.Netlink.SetUpAsync(99999, up: true, Cancel));

        Assert.Equal("ENODEV", error.ErrnoName);
    }

    [Fact]
    public async Task A_link_created_after_the_wait_began_is_announced_by_notification()
    {
        const string lateMac = "02:1e:00:00:00:99";

        // The monitor alone (no dump, no polling) must see the new link.
        var announced = _agent.Monitor.WaitForAsync(l => l.MacAddress == lateMac, Cancel);
        await _network.AddVethAsync("late", lateMac);

        var link = await announced.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        Assert.Equal("late", link.Name);
        Assert.Equal((await _network.LinkByMacAsync(lateMac))!.Index, link.Index);
    }

    [Fact]
    public async Task Waiting_for_a_late_interface_returns_it_once_it_appears_and_gives_up_at_the_deadline()
    {
        const string lateMac = "02:1e:00:00:00:98";
        var waiting = Locator().WaitForAsync(lateMac, TimeSpan.FromSeconds(20), Cancel);
        await _network.AddVethAsync("later", lateMac);

        Assert.Equal("later", (await waiting).Name);
        var missing = await Assert.ThrowsAsync<InterfaceNotFoundException>(
            () => Locator().WaitForAsync("02:1e:00:00:00:97", TimeSpan.FromMilliseconds(300), Cancel));
        Assert.Contains("02:1e:00:00:00:97", missing.Message, StringComparison.Ordinal);
    }

    private InterfaceLocator Locator() =>
        new(_agent.Netlink, _agent.Monitor, new NetDevices(new FileSysfs(Path.Combine(Path.GetTempPath(), "no-sysfs"))));
}
