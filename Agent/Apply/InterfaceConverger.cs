using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Agent.Interfaces;
using AwsMultiEni.Agent.Netlink;
using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.State;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.Apply;

/// <summary>
/// Brings one ENI to its desired state: a kernel interface renamed, at its MTU and up, or its PCI
/// device bound to the DPDK driver. It touches only the interface carrying the ENI's MAC address.
/// </summary>
public sealed partial class InterfaceConverger(
    RouteNetlink netlink,
    InterfaceLocator locator,
    PrimaryInterfaceGuard primary,
    NetDevices devices,
    PciBinder binder,
    HostStateFile stateFile,
    TimeSpan interfaceTimeout,
    ILogger<InterfaceConverger> logger)
{
    public async Task<ObservedInterface> ConvergeAsync(DesiredInterface desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        try
        {
            return desired.Dpdk is { } dpdk
                ? await BindAsync(desired, dpdk, cancellationToken)
                : await ConfigureAsync(desired, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(desired.EniId, ex.Message);
            return await ObserveAsync(desired, ex.Message, cancellationToken);
        }
    }

    /// <summary>
    /// The entry with its DPDK PCI address in sysfs form (lower-case hex, which the CRD does not insist on), or filled in
    /// when the spec left it out: the ENI's own device, the one the agent bound for this MAC before (bound, it has no
    /// kernel interface to find) or the one whose kernel interface carries it.
    /// </summary>
    public async Task<DesiredInterface> WithPciAddressAsync(DesiredInterface desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (desired.Dpdk is not { } dpdk)
        {
            return desired;
        }

        if (!string.IsNullOrEmpty(dpdk.PciAddress))
        {
            return desired with { Dpdk = dpdk with { PciAddress = PciAddress.Normalize(dpdk.PciAddress) } };
        }

        var mac = MacAddressText.Normalize(desired.MacAddress);
        var pciAddress = stateFile.Read().Bindings.FirstOrDefault(b => b.MacAddress == mac)?.PciAddress;
        if (pciAddress is null)
        {
            var link = await locator.WaitForAsync(mac, interfaceTimeout, cancellationToken);
            pciAddress = devices.PciAddress(link.Name) ?? throw new PciBindingException($"The interface with MAC {mac} ({link.Name}) is no PCI device; nothing to bind.");
        }

        return desired with { Dpdk = dpdk with { PciAddress = pciAddress } };
    }

    /// <summary>
    /// Renames the link, sets its MTU and brings it up. A step the kernel refuses (a name taken or invalid, an MTU
    /// beyond the device's) is reported, and the others still happen: whatever failed, the link ends up, never down.
    /// </summary>
    private async Task<ObservedInterface> ConfigureAsync(DesiredInterface desired, CancellationToken cancellationToken)
    {
        await primary.RefuseNamedPrimaryAsync(desired, cancellationToken);
        var link = await locator.WaitForAsync(desired.MacAddress, interfaceTimeout, cancellationToken);
        await primary.RefuseDefaultRouteLinkAsync(link, cancellationToken);
        var refused = new List<string>();
        try
        {
            if (desired.InterfaceName is { } name && link.Name != name)
            {
                await RefusedAsync(() => RenameAsync(desired.EniId, link, name, cancellationToken), refused);
            }

            if (link.Mtu != desired.Mtu)
            {
                await RefusedAsync(() => netlink.SetMtuAsync(link.Index, desired.Mtu, cancellationToken), refused);
            }
        }
        finally
        {
            await netlink.SetUpAsync(link.Index, up: true, cancellationToken);
        }

        var now = await netlink.FindLinkAsync(link.Index, cancellationToken)
            ?? throw new InterfaceNotFoundException($"Interface {link.Index} with MAC {link.MacAddress} vanished while it was configured.");
        return Observed(desired, now, refused.Count == 0 ? null : string.Join("; ", refused));
    }

    /// <summary>
    /// Renames while up where the kernel allows it (veth, and ENA on recent kernels); a driver that refuses to rename
    /// an up link (EBUSY) gets it taken down for the rename only, and brought up again by the caller whatever happens.
    /// </summary>
    private async Task RenameAsync(string eniId, Link link, string name, CancellationToken cancellationToken)
    {
        LogRenaming(eniId, link.Name, name);
        try
        {
            await netlink.RenameAsync(link.Index, name, cancellationToken);
        }
        catch (NetlinkException ex) when (ex.Errno == Errno.EBUSY && link.AdministrativelyUp)
        {
            await netlink.SetUpAsync(link.Index, up: false, cancellationToken);
            await netlink.RenameAsync(link.Index, name, cancellationToken);
        }
    }

    private static async Task RefusedAsync(Func<Task> step, List<string> refused)
    {
        try
        {
            await step();
        }
        catch (NetlinkException ex)
        {
            refused.Add(ex.Message);
        }
    }

    /// <summary>
    /// The device is bound by PCI address, but only after the ENI's own interface (found by MAC) was
    /// seen at that address, or the agent bound it before: a wrong address never takes a foreign device.
    /// </summary>
    private async Task<ObservedInterface> BindAsync(DesiredInterface desired, DpdkBinding dpdk, CancellationToken cancellationToken)
    {
        await primary.RefuseNamedPrimaryAsync(desired, cancellationToken);
        var mac = MacAddressText.Normalize(desired.MacAddress);
        var known = stateFile.Read().Binding(dpdk.PciAddress);
        if (known?.MacAddress != mac)
        {
            var link = await locator.WaitForAsync(mac, interfaceTimeout, cancellationToken);
            await primary.RefuseDefaultRouteLinkAsync(link, cancellationToken);
            var at = devices.PciAddress(link.Name);
            if (at != dpdk.PciAddress)
            {
                throw new PciBindingException($"The interface with MAC {mac} ({link.Name}) is at PCI address {at ?? "none"}, not {dpdk.PciAddress}; not binding.");
            }
        }

        await binder.BindAsync(dpdk.PciAddress, dpdk.Driver, desired.EniId, mac, cancellationToken);
        return new ObservedInterface(desired.EniId, desired.MacAddress, null, dpdk.PciAddress, false, null, binder.CurrentDriver(dpdk.PciAddress), null);
    }

    /// <summary>What is there now, for a report that carries an error.</summary>
    private async Task<ObservedInterface> ObserveAsync(DesiredInterface desired, string error, CancellationToken cancellationToken)
    {
        if (await FindQuietlyAsync(desired.MacAddress, cancellationToken) is { } link)
        {
            return Observed(desired, link, error);
        }

        var pci = desired.Dpdk?.PciAddress;
        return new ObservedInterface(desired.EniId, desired.MacAddress, null, pci, false, null, PciAddress.IsValid(pci) ? binder.CurrentDriver(pci!) : null, error);
    }

    private async Task<Link?> FindQuietlyAsync(string macAddress, CancellationToken cancellationToken)
    {
        try
        {
            return await locator.FindAsync(macAddress, cancellationToken);
        }
        catch (Exception ex) when (ex is InterfaceNotFoundException or FormatException or NetlinkException)
        {
            return null;
        }
    }

    private ObservedInterface Observed(DesiredInterface desired, Link link, string? error) =>
        new(desired.EniId, desired.MacAddress, link.Name, devices.PciAddress(link.Name), link.AdministrativelyUp, link.Mtu, devices.Driver(link.Name), error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Renaming the interface of {EniId} from {From} to {To}")]
    private partial void LogRenaming(string eniId, string from, string to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{EniId} did not reach its desired state: {Error}")]
    private partial void LogFailed(string eniId, string error);
}
