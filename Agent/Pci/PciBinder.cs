using System.Collections.Concurrent;
using AwsMultiEni.Agent.Netlink;
using AwsMultiEni.Agent.State;
using AwsMultiEni.Agent.Sysfs;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.Pci;

/// <summary>
/// Moves an ENA device between its kernel driver and a userspace driver (vfio-pci for DPDK)
/// through sysfs: driver_override, unbind, drivers_probe, then verify the driver link. Every step
/// is recorded in the host state file first, so a crash half-way is finished on the next run and a
/// reboot (which resets driver_override) is undone by <see cref="RestoreAsync"/>. A bind that does not land on the
/// wanted driver gives the device back to the driver it came from, so it never stays without one.
/// </summary>
public sealed partial class PciBinder(
    ISysfs sysfs,
    HostStateFile stateFile,
    IInterfaceUsage usage,
    DriverReadiness readiness,
    ILogger<PciBinder> logger,
    TimeSpan? unbindDeadline = null)
{
    /// <summary>
    /// How long an unbind may take before the device counts as busy: vfio-pci's unbind waits, inside the kernel, until
    /// every process holding the device (a DPDK application) has closed it, and the write cannot be cancelled.
    /// </summary>
    public static readonly TimeSpan DefaultUnbindDeadline = TimeSpan.FromSeconds(10);

    public const string EnaVendor = "0x1d0f";
    public const string KernelDriver = "ena";

    /// <summary>ENA virtual functions (ec20, ec21 with LLQ) and physical functions (0ec2, 1ec2).</summary>
    public static readonly IReadOnlySet<string> EnaDevices = new HashSet<string>(StringComparer.Ordinal) { "0xec20", "0xec21", "0x0ec2", "0x1ec2" };

    private const string Probe = "bus/pci/drivers_probe";

    private readonly TimeSpan _unbindDeadline = unbindDeadline ?? DefaultUnbindDeadline;

    /// <summary>Unbinds still blocked in the kernel, by PCI address: never a second one beside them.</summary>
    private readonly ConcurrentDictionary<string, Task> _unbinding = new(StringComparer.Ordinal);

    /// <summary>The driver the device is bound to now, or null.</summary>
    public string? CurrentDriver(string pciAddress) => sysfs.LinkName($"{Device(pciAddress)}/driver");

    /// <summary>
    /// Binds the device to <paramref name="driver"/>; does nothing when it already is. While a kernel interface holds
    /// the device, its MAC must be the ENI's, record or no record: a slot reused by another ENI is never taken.
    /// </summary>
    public async Task BindAsync(string pciAddress, string driver, string eniId, string macAddress, CancellationToken cancellationToken)
    {
        RequireEnaDevice(pciAddress);
        if (KernelMacAddresses(pciAddress) is { Count: > 0 } macs && !macs.Contains(MacAddressText.Normalize(macAddress)))
        {
            throw new PciBindingException($"{pciAddress} now carries {string.Join(", ", macs)}, not {eniId}'s {macAddress}: another ENI holds the slot; not binding.");
        }

        var state = stateFile.Read();
        var current = CurrentDriver(pciAddress);
        var record = state.Binding(pciAddress) is { } known
            ? known with { Driver = driver, EniId = eniId, MacAddress = macAddress, Phase = BindingPhase.Binding }
            : new PciBindingRecord(pciAddress, driver, current is null || current == driver ? KernelDriver : current, eniId, macAddress, BindingPhase.Binding);

        if (current == driver && Override(pciAddress) == driver)
        {
            await stateFile.WriteAsync(state.With(record with { Phase = BindingPhase.Bound }), cancellationToken);
            return;
        }

        await RefuseInUseAsync(pciAddress, cancellationToken);
        await readiness.EnsureAsync(driver, cancellationToken);
        await stateFile.WriteAsync(state.With(record), cancellationToken);
        LogBinding(pciAddress, current ?? "no driver", driver);
        try
        {
            sysfs.Write($"{Device(pciAddress)}/driver_override", driver);
            await MoveToOverrideAsync(pciAddress, driver);
        }
        catch (Exception ex) when (ex is PciBindingException or IOException)
        {
            throw await RollBackAsync(record, ex.Message, cancellationToken);
        }

        await stateFile.WriteAsync(stateFile.Read().With(record with { Phase = BindingPhase.Bound }), cancellationToken);
    }

    /// <summary>Gives a device the agent bound back to its kernel driver and forgets it.</summary>
    public async Task ReleaseAsync(PciBindingRecord binding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var pciAddress = binding.PciAddress;
        await stateFile.WriteAsync(stateFile.Read().With(binding with { Phase = BindingPhase.Releasing }), cancellationToken);
        LogReleasing(pciAddress, binding.KernelDriver);

        // An empty override lets the probe match by PCI ID again, which picks the kernel driver.
        sysfs.Write($"{Device(pciAddress)}/driver_override", "\n");
        await MoveToOverrideAsync(pciAddress, binding.KernelDriver);
        await stateFile.WriteAsync(stateFile.Read().Without(pciAddress), cancellationToken);
    }

    /// <summary>
    /// Gives a device whose bind failed back to the driver it came from and forgets it: left on no driver, the ENI
    /// would serve neither the kernel nor DPDK until someone noticed. Returns the error to report, saying both.
    /// </summary>
    private async Task<PciBindingException> RollBackAsync(PciBindingRecord record, string failure, CancellationToken cancellationToken)
    {
        try
        {
            sysfs.Write($"{Device(record.PciAddress)}/driver_override", "\n");
            await MoveToOverrideAsync(record.PciAddress, record.KernelDriver);
            await stateFile.WriteAsync(stateFile.Read().Without(record.PciAddress), cancellationToken);
            LogRolledBack(record.PciAddress, record.Driver, record.KernelDriver, failure);
            return new PciBindingException($"{failure} The device was given back to {record.KernelDriver}.");
        }
        catch (Exception ex) when (ex is PciBindingException or IOException)
        {
            return new PciBindingException($"{failure} Giving the device back to {record.KernelDriver} failed too: {ex.Message}");
        }
    }

    /// <summary>
    /// Re-applies every recorded binding: finishes a bind or release a crash interrupted, and binds
    /// again what a reboot handed back to the kernel driver. A device whose kernel interface now
    /// carries another MAC address holds another ENI (the slot was reused while the agent was
    /// away): it is left alone and the record forgotten.
    /// </summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        var moved = false;
        foreach (var binding in stateFile.Read().Bindings)
        {
            if (!sysfs.Exists(Device(binding.PciAddress)))
            {
                LogDeviceGone(binding.PciAddress, binding.EniId);
                await stateFile.WriteAsync(stateFile.Read().Without(binding.PciAddress), cancellationToken);
            }
            else if (binding.Phase == BindingPhase.Releasing)
            {
                await ReleaseAsync(binding, cancellationToken);
            }
            else if (KernelMacAddresses(binding.PciAddress) is { Count: > 0 } macs && !macs.Contains(binding.MacAddress))
            {
                LogSlotReused(binding.PciAddress, binding.EniId, binding.MacAddress, string.Join(", ", macs));
                await stateFile.WriteAsync(stateFile.Read().Without(binding.PciAddress), cancellationToken);
            }
            else
            {
                moved |= await RestoreBindingAsync(binding, cancellationToken);
            }
        }

        if (moved)
        {
            // The device plugin reads its devices only at start, and at boot it may have started before they were
            // bound back: the next apply restarts it (the same pending flag a failed restart leaves).
            await stateFile.WriteAsync(stateFile.Read() with { PluginRestartPending = true }, cancellationToken);
        }
    }

    /// <summary>
    /// Whether the device had to be moved back to its driver. One binding that cannot be restored (its driver not
    /// loaded, say) must not keep the others unrestored.
    /// </summary>
    private async Task<bool> RestoreBindingAsync(PciBindingRecord binding, CancellationToken cancellationToken)
    {
        var before = CurrentDriver(binding.PciAddress);
        try
        {
            await BindAsync(binding.PciAddress, binding.Driver, binding.EniId, binding.MacAddress, cancellationToken);
            return before != binding.Driver;
        }
        catch (Exception ex) when (ex is PciBindingException or IOException or UnauthorizedAccessException)
        {
            LogRestoreFailed(binding.PciAddress, binding.EniId, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// A device whose kernel interface is in use is never taken from its driver: the interface would vanish under
    /// whatever uses it. The check runs at every bind, a restore after a reboot included, when the node may have
    /// configured the interface before the agent started.
    /// </summary>
    private async Task RefuseInUseAsync(string pciAddress, CancellationToken cancellationToken)
    {
        foreach (var name in sysfs.List($"{Device(pciAddress)}/net"))
        {
            if (await usage.InUseAsync(name, cancellationToken) is { } how)
            {
                throw new PciBindingException($"{pciAddress} is not rebound: its interface {name} {how}, so it is in use; the agent never rebinds an active interface (as dpdk-devbind refuses one). Remove its addresses and routes to let it go to DPDK.");
            }
        }
    }

    /// <summary>The MAC addresses of the device's kernel interfaces (none while a userspace driver holds it).</summary>
    private List<string> KernelMacAddresses(string pciAddress) =>
        [.. sysfs.List($"{Device(pciAddress)}/net")
            .Select(name => sysfs.ReadText($"{Device(pciAddress)}/net/{name}/address"))
            .OfType<string>()
            .Select(MacAddressText.Normalize)];

    private static string Device(string pciAddress) => $"bus/pci/devices/{PciAddress.Require(pciAddress)}";

    private string? Override(string pciAddress) =>
        sysfs.ReadText($"{Device(pciAddress)}/driver_override") is { Length: > 0 } value && value != "(null)" ? value : null;

    /// <summary>Unbinds from whatever driver holds the device, probes, and checks the device landed on <paramref name="expected"/>.</summary>
    private async Task MoveToOverrideAsync(string pciAddress, string expected)
    {
        var current = CurrentDriver(pciAddress);
        if (current != expected)
        {
            if (current is not null)
            {
                await UnbindAsync(pciAddress, current);
            }

            sysfs.Write(Probe, pciAddress);
        }

        var now = CurrentDriver(pciAddress);
        if (now != expected)
        {
            throw new PciBindingException(
                $"{pciAddress} is on {now ?? "no driver"} after drivers_probe, not {expected}; is the {expected} module loaded (and for vfio-pci, is there an IOMMU or explicit no-IOMMU mode)?");
        }
    }

    /// <summary>
    /// The unbind runs off the caller's path with a deadline: a device a DPDK application still holds keeps its unbind
    /// blocked in the kernel, and the apply loop must go on. The device counts as busy until that unbind returns.
    /// </summary>
    private async Task UnbindAsync(string pciAddress, string driver)
    {
        if (_unbinding.TryGetValue(pciAddress, out var pending) && !pending.IsCompleted)
        {
            throw Busy(pciAddress, driver);
        }

        var unbind = Task.Run(() => sysfs.Write($"{Device(pciAddress)}/driver/unbind", pciAddress));
        _unbinding[pciAddress] = unbind;
        try
        {
            await unbind.WaitAsync(_unbindDeadline);
        }
        catch (TimeoutException)
        {
            LogUnbindBlocked(pciAddress, driver, _unbindDeadline);
            throw Busy(pciAddress, driver);
        }
    }

    private static PciBindingException Busy(string pciAddress, string driver) =>
        new($"{pciAddress} is busy: {driver} has not let go of it (a DPDK application may still hold it); tried again at the next apply.");

    private void RequireEnaDevice(string pciAddress)
    {
        var device = Device(pciAddress);
        if (!sysfs.Exists(device))
        {
            throw new PciBindingException($"No PCI device {pciAddress} under {device}.");
        }

        var vendor = sysfs.ReadText($"{device}/vendor");
        var model = sysfs.ReadText($"{device}/device");
        if (vendor != EnaVendor || model is null || !EnaDevices.Contains(model))
        {
            throw new PciBindingException($"{pciAddress} is {vendor}:{model}, not an ENA device (vendor 1d0f); the agent binds only ENA devices.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Binding PCI device {PciAddress} from {Current} to {Driver}")]
    private partial void LogBinding(string pciAddress, string current, string driver);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not restoring {PciAddress}: it was bound for {EniId} ({MacAddress}) but now carries {Found}; forgetting the binding")]
    private partial void LogSlotReused(string pciAddress, string eniId, string macAddress, string found);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not restoring {PciAddress} (bound for {EniId}): the device is gone; forgetting the binding")]
    private partial void LogDeviceGone(string pciAddress, string eniId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not restore {PciAddress} for {EniId}, going on with the others: {Error}")]
    private partial void LogRestoreFailed(string pciAddress, string eniId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unbinding {PciAddress} from {Driver} did not return within {Deadline}: the device is busy")]
    private partial void LogUnbindBlocked(string pciAddress, string driver, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Binding {PciAddress} to {Driver} failed, so it went back to {KernelDriver}: {Error}")]
    private partial void LogRolledBack(string pciAddress, string driver, string kernelDriver, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Releasing PCI device {PciAddress} back to {KernelDriver}")]
    private partial void LogReleasing(string pciAddress, string kernelDriver);
}
