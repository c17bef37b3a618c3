using System.Text.Json;
using AwsMultiEni.Agent.Interfaces;
using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// A device whose kernel interface holds an address in use is never rebound to DPDK, as dpdk-devbind refuses an
/// active interface: on the real kernel the ENI is a veth given an address with <c>ip addr</c> (and <c>ip -j addr</c>
/// judges it is still there), its PCI device lives in the sysfs layout. The IPv6 link-local address every up link
/// gets does not count.
/// </summary>
public sealed class InterfaceInUseTests : DpdkEniNode
{
    [Fact]
    public async Task A_device_whose_interface_holds_an_address_is_not_rebound_until_the_address_is_gone()
    {
        await Node.Network.IpAsync("addr", "add", "10.20.0.5/24", "dev", "ens7");

        var refused = await Applier().ApplyAsync(Desired, Cancel);

        var error = Assert.Single(refused.Interfaces).Error;
        Assert.Contains($"{DpdkPci} is not rebound: its interface ens7 holds 10.20.0.5/24, so it is in use", error, StringComparison.Ordinal);
        Assert.Contains("never rebinds an active interface", error, StringComparison.Ordinal);
        Assert.Equal("ena", Node.Kernel.Driver(DpdkPci));
        Assert.Empty(Node.Kernel.Writes);
        Assert.Empty(Node.StateFile.Read().Bindings);
        Assert.Equal(0, Restarter.Restarts);
        Assert.Equal(["10.20.0.5"], await GlobalAddressesAsync());

        await Node.Network.IpAsync("addr", "flush", "dev", "ens7");
        var bound = await Applier().ApplyAsync(Desired, Cancel);

        Assert.Null(Assert.Single(bound.Interfaces).Error);
        Assert.Equal("vfio-pci", Node.Kernel.Driver(DpdkPci));
    }

    [Fact]
    public async Task An_up_interface_with_only_its_ipv6_link_local_address_is_rebound()
    {
        await Node.Network.IpAsync("link", "set", "p-ens7", "up");
        await Node.Network.IpAsync("link", "set", "ens7", "up");
        await Poll.UntilAsync(async () => (await AddressesAsync("link")).Count > 0, TimeSpan.FromSeconds(10), "the kernel to give ens7 its IPv6 link-local address");

        var report = await Applier().ApplyAsync(Desired, Cancel);

        Assert.Null(Assert.Single(report.Interfaces).Error);
        Assert.Equal("vfio-pci", Node.Kernel.Driver(DpdkPci));
    }

    [Fact]
    public async Task A_restore_after_a_reboot_leaves_a_device_whose_interface_was_given_an_address_on_its_kernel_driver()
    {
        await Applier().ApplyAsync(Desired, Cancel);
        Node.Kernel.Reboot();
        await Node.Network.IpAsync("addr", "add", "10.20.0.5/24", "dev", "ens7");

        await new PciBinder(Node.Kernel, Node.StateFile, new InterfaceUsage(Node.Netlink.Netlink), Node.Readiness(), NullLogger<PciBinder>.Instance).RestoreAsync(Cancel);

        Assert.Equal("ena", Node.Kernel.Driver(DpdkPci));
        Assert.Equal(["10.20.0.5"], await GlobalAddressesAsync());
    }

    private Task<List<string>> GlobalAddressesAsync() => AddressesAsync("global");

    /// <summary>ens7's addresses of one scope, as <c>ip -j addr show</c> lists them.</summary>
    private async Task<List<string>> AddressesAsync(string scope)
    {
        using var document = JsonDocument.Parse(await Node.Network.IpAsync("-j", "addr", "show", "dev", "ens7"));
        return [.. document.RootElement.EnumerateArray()
            .SelectMany(l => l.GetProperty("addr_info").EnumerateArray())
            .Where(a => a.GetProperty("scope").GetString() == scope)
            .Select(a => a.GetProperty("local").GetString()!)];
    }
}
