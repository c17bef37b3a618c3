using System.Runtime.Versioning;
using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.Sysfs;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// What DPDK needs on EC2 before a device leaves ena: vfio-pci loaded (by modprobe when allowed) and, on the many
/// instance types without an IOMMU, vfio's no-IOMMU mode (turned on only when allowed). Each refusal is in the node
/// report and leaves the device on ena. On the sysfs layout, with a modprobe that loads into it; and the module load
/// on this machine's own kernel, which either loads vfio-pci or refuses with modprobe's words in the report.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DpdkOnEc2Tests : DpdkEniNode
{
    [Fact]
    public async Task Without_an_iommu_the_bind_is_refused_in_the_report_until_no_iommu_mode_is_allowed_then_it_is_turned_on()
    {
        Node.Kernel.RemoveIommu();

        var refused = await Applier().ApplyAsync(Desired, Cancel);

        var error = Assert.Single(refused.Interfaces).Error;
        Assert.Contains("This node has no IOMMU (kernel/iommu_groups is empty) and vfio's enable_unsafe_noiommu_mode is off", error, StringComparison.Ordinal);
        Assert.Contains("Set Agent__EnableUnsafeNoIommuMode=true", error, StringComparison.Ordinal);
        Assert.Equal(("ena", "N"), (Node.Kernel.Driver(DpdkPci), Node.Kernel.NoIommuMode));
        Assert.Empty(Node.Kernel.Writes);

        Node.Dpdk = DpdkHostSettings.Default with { EnableUnsafeNoIommuMode = true };
        var bound = await Applier().ApplyAsync(Desired, Cancel);

        Assert.Null(Assert.Single(bound.Interfaces).Error);
        Assert.Equal(("vfio-pci", "Y"), (Node.Kernel.Driver(DpdkPci), Node.Kernel.NoIommuMode));
    }

    [Fact]
    public async Task A_vfio_pci_that_is_not_loaded_is_refused_in_the_report_until_loading_is_allowed_then_modprobe_loads_it()
    {
        Node.Kernel.Unload("vfio-pci");

        var refused = await Applier().ApplyAsync(Desired, Cancel);

        var error = Assert.Single(refused.Interfaces).Error;
        Assert.StartsWith("The vfio-pci driver is not loaded (sysfs has no bus/pci/drivers/vfio-pci) and the agent may not load it", error, StringComparison.Ordinal);
        Assert.Contains("set Agent__LoadDriverModules=true", error, StringComparison.Ordinal);
        Assert.Equal("ena", Node.Kernel.Driver(DpdkPci));

        Node.Dpdk = new DpdkHostSettings(true, Node.Kernel.WriteModprobe(), false);
        var bound = await Applier().ApplyAsync(Desired, Cancel);

        Assert.Null(Assert.Single(bound.Interfaces).Error);
        Assert.Equal("vfio-pci", Node.Kernel.Driver(DpdkPci));
        Assert.Equal(["vfio-pci"], await File.ReadAllLinesAsync(Node.Kernel.ModprobeLog, Cancel));
    }

    /// <summary>
    /// This machine's kernel and modprobe, read through the real /sys (nothing is written there: loading is the only
    /// change asked for). Which outcome depends on the machine; each is checked against what /sys shows afterwards.
    /// </summary>
    [Fact]
    public async Task On_this_machines_kernel_vfio_pci_is_loaded_or_the_refusal_says_what_modprobe_answered()
    {
        var readiness = new DriverReadiness(new FileSysfs("/sys"), DpdkHostSettings.Default with { LoadDriverModules = true }, NullLogger<DriverReadiness>.Instance);

        var error = await Record.ExceptionAsync(() => readiness.EnsureAsync(DriverReadiness.Vfio, Cancel));

        TestContext.Current.TestOutputHelper?.WriteLine(error?.Message ?? "vfio-pci is loaded and can take devices");
        if (!Directory.Exists("/sys/bus/pci/drivers/vfio-pci"))
        {
            var refusal = Assert.IsType<PciBindingException>(error);
            Assert.StartsWith("The vfio-pci driver is not loaded (sysfs has no bus/pci/drivers/vfio-pci) and loading it failed: modprobe vfio-pci ", refusal.Message, StringComparison.Ordinal);
            Assert.Matches(@"modprobe vfio-pci (could not run: .+|failed \(exit code [1-9][0-9]*\): .+)\.$", refusal.Message);
        }
        else if (Directory.EnumerateFileSystemEntries("/sys/kernel/iommu_groups").Any() || File.ReadAllText("/sys/module/vfio/parameters/enable_unsafe_noiommu_mode").Trim() == "Y")
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains("This node has no IOMMU", Assert.IsType<PciBindingException>(error).Message, StringComparison.Ordinal);
        }
    }
}
