using System.Runtime.Versioning;
using AwsMultiEni.Agent.Sysfs;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// A temporary directory laid out like <c>/sys/bus/pci</c> (and <c>/sys/class/net</c>), with the
/// kernel's part played by this class: plain files do not react to writes, so after each write it
/// does what the PCI core would (driver_override, unbind, drivers_probe). Writes go to the files
/// first, so a write to an attribute the layout does not have fails as it would on a real system.
/// This checks the agent's protocol against the layout and the documented kernel behaviour, not
/// against a real kernel.
/// </summary>
internal sealed class FakePciKernel : ISysfs, IDisposable
{
    public const string EnaDevice = "0000:00:06.0";
    private const string NoOverride = "(null)";

    private readonly FileSysfs _files;

    private FakePciKernel(string root) => _files = new FileSysfs(root);

    public string Root => _files.Root;

    /// <summary>Every write the agent made, as <c>path=value</c>.</summary>
    private int _unbindAttempts;

    public List<string> Writes { get; } = [];

    /// <summary>When set, the agent "dies" just before writing a path ending so.</summary>
    public string? CrashBefore { get; set; }

    /// <summary>When set, the probe of this driver fails as a real one can (the kernel logs it; the device stays without a driver).</summary>
    public string? FailingProbe { get; set; }

    /// <summary>
    /// Two ENA devices on <c>ena</c> and a foreign NIC on <c>ixgbe</c>, each with a kernel interface
    /// (<c>net/&lt;if&gt;/address</c>) while its kernel driver holds it; vfio-pci loaded, and an IOMMU (its groups).
    /// </summary>
    public static FakePciKernel Create()
    {
        var root = Directory.CreateTempSubdirectory("ame-sysfs-").FullName;
        var kernel = new FakePciKernel(root);
        kernel.Touch("bus/pci/drivers_probe", string.Empty);
        foreach (var driver in new[] { "ena", "vfio-pci", "ixgbe" })
        {
            kernel.Load(driver);
        }

        foreach (var group in new[] { "0", "1", "2" })
        {
            Directory.CreateDirectory(kernel.Full($"kernel/iommu_groups/{group}/devices"));
        }

        kernel.AddDevice(EnaDevice, "0x1d0f", "0xec20", "02:00:00:00:06:00");
        kernel.AddDevice("0000:00:07.0", "0x1d0f", "0xec20", "02:00:00:00:07:00");
        kernel.AddDevice("0000:00:08.0", "0x8086", "0x10fb", "02:00:00:00:08:00");
        return kernel;
    }

    /// <summary>
    /// Gives <paramref name="interfaceName"/> (a veth standing for an ENI) a <c>class/net</c> entry whose device is
    /// <paramref name="pciAddress"/>, the device carrying the interface's MAC as a real ENI's device does. Bound to its
    /// kernel driver again (a release, a reboot), the device's interface has that name again.
    /// </summary>
    public void AddNetDevice(string interfaceName, string pciAddress, string macAddress)
    {
        Touch($"{Device(pciAddress)}/ifname", interfaceName);
        Directory.CreateDirectory(Full($"class/net/{interfaceName}"));
        File.CreateSymbolicLink(Full($"class/net/{interfaceName}/device"), $"../../../bus/pci/devices/{pciAddress}");
        ReplaceEni(pciAddress, macAddress);
        if (Directory.Exists(Full($"{Device(pciAddress)}/net")))
        {
            Directory.Delete(Full($"{Device(pciAddress)}/net"), recursive: true);
            Touch($"{Device(pciAddress)}/net/{interfaceName}/address", macAddress);
        }
    }

    public string? Driver(string pciAddress) => _files.LinkName($"{Device(pciAddress)}/driver");

    /// <summary>vfio's no-IOMMU mode as <c>/sys/module/vfio/parameters</c> shows it; null while vfio is not loaded.</summary>
    public string? NoIommuMode => _files.ReadText(NoIommuModePath);

    /// <summary>A node without an IOMMU, as most non-metal EC2 instances are: no IOMMU groups.</summary>
    public void RemoveIommu()
    {
        Directory.Delete(Full("kernel/iommu_groups"), recursive: true);
        Directory.CreateDirectory(Full("kernel/iommu_groups"));
    }

    /// <summary>The module is not loaded: its driver is gone from <c>bus/pci/drivers</c> (and vfio's parameters with vfio-pci).</summary>
    public void Unload(string driver)
    {
        Directory.Delete(Full($"bus/pci/drivers/{driver}"), recursive: true);
        if (driver == "vfio-pci")
        {
            Directory.Delete(Full("module/vfio"), recursive: true);
        }
    }

    /// <summary>
    /// A modprobe for this layout (a shell script): it appends its argument to <see cref="ModprobeLog"/> and loads the
    /// driver as the kernel would, vfio-pci with vfio's no-IOMMU mode off.
    /// </summary>
    [SupportedOSPlatform("linux")]
    public string WriteModprobe()
    {
        var path = Full("sbin/modprobe");
        Touch("sbin/modprobe", $$"""
            #!/bin/sh
            echo "$1" >> '{{ModprobeLog}}'
            mkdir -p '{{Root}}/bus/pci/drivers/'"$1"
            : > '{{Root}}/bus/pci/drivers/'"$1"'/bind'
            : > '{{Root}}/bus/pci/drivers/'"$1"'/unbind'
            if [ "$1" = vfio-pci ]; then mkdir -p '{{Root}}/module/vfio/parameters'; echo N > '{{Full(NoIommuModePath)}}'; fi
            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>What the modprobe of <see cref="WriteModprobe"/> was asked to load, one module a line.</summary>
    public string ModprobeLog => Full("modprobe.log");

    public string? Override(string pciAddress) => _files.ReadText($"{Device(pciAddress)}/driver_override");

    /// <summary>
    /// Another ENI now sits at this PCI address (its slot was reused). The fake keeps a device's
    /// hardware MAC in a <c>mac</c> file of its own; the real kernel reads it from the device.
    /// </summary>
    public void ReplaceEni(string pciAddress, string macAddress) => Touch($"{Device(pciAddress)}/mac", macAddress);

    /// <summary>What a reboot does: overrides forgotten, every device back on its kernel driver.</summary>
    public void Reboot()
    {
        foreach (var device in Directory.GetDirectories(Full("bus/pci/devices")))
        {
            var pciAddress = Path.GetFileName(device);
            Touch($"{Device(pciAddress)}/driver_override", NoOverride);
            Unbind(pciAddress);
            Link(pciAddress, NaturalDriver(pciAddress));
        }
    }

    public string? ReadText(string path) => _files.ReadText(path);

    public string? LinkName(string path) => _files.LinkName(path);

    public bool Exists(string path) => _files.Exists(path);

    public IReadOnlyList<string> List(string path) => _files.List(path);

    /// <summary>While set and not signalled, an unbind blocks as the kernel's does for a device a process holds open.</summary>
    public ManualResetEventSlim? UnbindGate { get; set; }

    /// <summary>Unbind writes made, including those still blocked.</summary>
    public int UnbindAttempts => Volatile.Read(ref _unbindAttempts);

    public void Write(string path, string value)
    {
        if (path.EndsWith("/unbind", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _unbindAttempts);
            UnbindGate?.Wait();
        }

        if (CrashBefore is { } crash && path.EndsWith(crash, StringComparison.Ordinal))
        {
            CrashBefore = null;
            throw new SimulatedCrashException(path);
        }

        _files.Write(path, value);
        Writes.Add($"{path}={value}");
        var text = value.Trim();
        if (path.EndsWith("/driver_override", StringComparison.Ordinal))
        {
            Touch(path, text.Length == 0 ? NoOverride : text);
        }
        else if (path.EndsWith("/unbind", StringComparison.Ordinal))
        {
            Unbind(text);
        }
        else if (path == "bus/pci/drivers_probe")
        {
            Probe(text);
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private const string NoIommuModePath = "module/vfio/parameters/enable_unsafe_noiommu_mode";

    private static string Device(string pciAddress) => $"bus/pci/devices/{pciAddress}";

    private void Load(string driver)
    {
        Touch($"bus/pci/drivers/{driver}/bind", string.Empty);
        Touch($"bus/pci/drivers/{driver}/unbind", string.Empty);
        if (driver == "vfio-pci")
        {
            Touch(NoIommuModePath, "N");
        }
    }

    /// <summary>vfio-pci's probe fails for a device in no IOMMU group unless no-IOMMU mode is on.</summary>
    private bool ProbeFails(string driver) =>
        driver == FailingProbe || (driver == "vfio-pci" && _files.List("kernel/iommu_groups").Count == 0 && NoIommuMode != "Y");

    /// <summary>The PCI core's probe: an override names the only driver allowed; without one the ID table decides.</summary>
    private void Probe(string pciAddress)
    {
        if (Driver(pciAddress) is not null)
        {
            return;
        }

        var wanted = Override(pciAddress) is { } value && value != NoOverride ? value : NaturalDriver(pciAddress);
        if (Directory.Exists(Full($"bus/pci/drivers/{wanted}")) && !ProbeFails(wanted))
        {
            Link(pciAddress, wanted);
        }
    }

    private string NaturalDriver(string pciAddress) => _files.ReadText($"{Device(pciAddress)}/vendor") == "0x1d0f" ? "ena" : "ixgbe";

    /// <summary>Unbinding removes the device's kernel interface with its driver.</summary>
    private void Unbind(string pciAddress)
    {
        var link = Full($"{Device(pciAddress)}/driver");
        if (new FileInfo(link).LinkTarget is not null)
        {
            File.Delete(link);
        }

        if (Directory.Exists(Full($"{Device(pciAddress)}/net")))
        {
            Directory.Delete(Full($"{Device(pciAddress)}/net"), recursive: true);
        }
    }

    /// <summary>Binding to a kernel NIC driver creates an interface carrying the device's MAC address.</summary>
    private void Link(string pciAddress, string driver)
    {
        File.CreateSymbolicLink(Full($"{Device(pciAddress)}/driver"), $"../../drivers/{driver}");
        if (driver != "vfio-pci")
        {
            var name = _files.ReadText($"{Device(pciAddress)}/ifname") ?? $"eth-{pciAddress[^4..^2]}";
            Touch($"{Device(pciAddress)}/net/{name}/address", _files.ReadText($"{Device(pciAddress)}/mac")!);
        }
    }

    /// <summary>One more ENA device, on <c>ena</c>, at <paramref name="pciAddress"/>.</summary>
    public void AddEnaDevice(string pciAddress, string macAddress) => AddDevice(pciAddress, "0x1d0f", "0xec20", macAddress);

    private void AddDevice(string pciAddress, string vendor, string device, string macAddress)
    {
        Touch($"{Device(pciAddress)}/vendor", vendor);
        Touch($"{Device(pciAddress)}/device", device);
        Touch($"{Device(pciAddress)}/driver_override", NoOverride);
        ReplaceEni(pciAddress, macAddress);
        Link(pciAddress, NaturalDriver(pciAddress));
    }

    private void Touch(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Full(path))!);
        File.WriteAllText(Full(path), content + "\n");
    }

    private string Full(string path) => Path.Combine(Root, path);
}

/// <summary>Stands for the agent process dying at a given step.</summary>
internal sealed class SimulatedCrashException(string path) : Exception($"Simulated crash before writing {path}.");
