using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.Sysfs;

namespace AwsMultiEni.Agent.Interfaces;

/// <summary>What sysfs says about a network interface's device: its PCI address and its driver.</summary>
public sealed class NetDevices(ISysfs sysfs)
{
    /// <summary>The bdf the interface's <c>device</c> link points at; null for virtual interfaces.</summary>
    public string? PciAddress(string interfaceName) =>
        sysfs.LinkName($"class/net/{interfaceName}/device") is { } name && Pci.PciAddress.IsValid(name) ? name : null;

    public string? Driver(string interfaceName) => sysfs.LinkName($"class/net/{interfaceName}/device/driver");
}
