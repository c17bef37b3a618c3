using AwsMultiEni.Agent.Sysfs;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.Pci;

/// <summary>
/// Whether a driver can take a device before the device leaves its kernel driver: the driver must be loaded (loaded
/// with modprobe when the settings allow), and vfio-pci needs an IOMMU or vfio's no-IOMMU mode. On EC2 most instance
/// types other than metal have no IOMMU (<c>/sys/kernel/iommu_groups</c> is empty), and vfio-pci's probe then fails
/// unless <c>enable_unsafe_noiommu_mode</c> is on, leaving the device with no driver at all; so this is checked first
/// and reported, and the mode turned on only when the settings say so.
/// </summary>
public sealed partial class DriverReadiness(ISysfs sysfs, DpdkHostSettings settings, ILogger<DriverReadiness> logger)
{
    public const string Vfio = "vfio-pci";

    private const string IommuGroups = "kernel/iommu_groups";
    private const string NoIommuMode = "module/vfio/parameters/enable_unsafe_noiommu_mode";

    private readonly ModuleLoader _modprobe = new(settings.Modprobe);

    /// <summary>Makes sure <paramref name="driver"/> can take a device, or says in a <see cref="PciBindingException"/> why not and what would fix it.</summary>
    public async Task EnsureAsync(string driver, CancellationToken cancellationToken)
    {
        if (!sysfs.Exists(DriverPath(driver)))
        {
            if (!settings.LoadDriverModules)
            {
                throw new PciBindingException(
                    $"The {driver} driver is not loaded (sysfs has no {DriverPath(driver)}) and the agent may not load it: load it on the node (modprobe {driver}), or set Agent__LoadDriverModules=true.");
            }

            LogLoading(driver, settings.Modprobe);
            try
            {
                await _modprobe.LoadAsync(driver, cancellationToken);
            }
            catch (PciBindingException ex)
            {
                throw new PciBindingException($"The {driver} driver is not loaded (sysfs has no {DriverPath(driver)}) and loading it failed: {ex.Message}");
            }

            if (!sysfs.Exists(DriverPath(driver)))
            {
                throw new PciBindingException($"{settings.Modprobe} {driver} succeeded, but sysfs still has no {DriverPath(driver)}.");
            }
        }

        if (driver == Vfio && sysfs.List(IommuGroups).Count == 0)
        {
            EnsureNoIommuMode();
        }
    }

    private void EnsureNoIommuMode()
    {
        switch (sysfs.ReadText(NoIommuMode))
        {
            case "Y" or "1":
                return;
            case null:
                throw new PciBindingException(
                    $"This node has no IOMMU ({IommuGroups} is empty) and its vfio module has no no-IOMMU mode ({NoIommuMode} is missing): vfio-pci cannot take devices here.");
            case var _ when !settings.EnableUnsafeNoIommuMode:
                throw new PciBindingException(
                    $"This node has no IOMMU ({IommuGroups} is empty) and vfio's enable_unsafe_noiommu_mode is off, so vfio-pci cannot take the device. Set Agent__EnableUnsafeNoIommuMode=true to let the agent turn it on (it taints the kernel, as DPDK's guide for ENA on such instances does), or boot the node with vfio.enable_unsafe_noiommu_mode=1.");
            default:
                LogEnablingNoIommu();
                sysfs.Write(NoIommuMode, "Y");
                return;
        }
    }

    private static string DriverPath(string driver) => $"bus/pci/drivers/{driver}";

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Driver} driver is not loaded; loading it with {Modprobe}")]
    private partial void LogLoading(string driver, string modprobe);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This node has no IOMMU: turning on vfio's enable_unsafe_noiommu_mode as configured (this taints the kernel)")]
    private partial void LogEnablingNoIommu();
}
