using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AwsMultiEni.Agent.Interfaces;
using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.PodAddresses;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Agent.State;
using AwsMultiEni.Agent.Sysfs;

namespace AwsMultiEni.Agent.Apply;

/// <summary>The options of <c>agent apply</c>: declared on its command, and read back as <see cref="ApplyArguments"/>.</summary>
internal sealed class ApplyOptions
{
    private readonly Option<string> _desired = new("--desired")
    {
        HelpName = "FILE.json",
        Description = "The desired interface set.",
        Required = true,
    };

    private readonly Option<string> _sysfsRoot = new("--sysfs-root")
    {
        HelpName = "DIR",
        Description = "sysfs root, for class/net/<if>/device and bus/pci.",
        DefaultValueFactory = _ => FileSysfs.DefaultRoot,
    };

    private readonly Option<string> _sriovConfig = new("--sriov-config")
    {
        HelpName = "PATH",
        Description = "The SR-IOV device plugin config the agent maintains.",
        DefaultValueFactory = _ => SriovConfigFile.DefaultPath,
    };

    private readonly Option<string> _state = new("--state")
    {
        HelpName = "PATH",
        Description = "The agent's host state file.",
        DefaultValueFactory = _ => HostStateFile.DefaultPath,
    };

    private readonly Option<string> _ipamDataDir = new("--ipam-data-dir")
    {
        HelpName = "DIR",
        Description = "Where each interface's pod-address ranges go, for awsmultieni-ipam.",
        DefaultValueFactory = _ => PodAddressFiles.DefaultDataDir,
    };

    private readonly Option<double> _waitSeconds = new("--wait-seconds")
    {
        HelpName = "N",
        Description = "How long to wait for an ENI's interface to appear, in seconds (a positive number).",
        DefaultValueFactory = _ => 30,
        CustomParser = PositiveNumber,
    };

    private readonly Option<string> _pluginNamespace = new("--plugin-namespace")
    {
        HelpName = "NS",
        Description = "Namespace of the device plugin pods.",
        DefaultValueFactory = _ => "kube-system",
    };

    private readonly Option<string> _pluginLabels = new("--plugin-labels")
    {
        HelpName = "SELECTOR",
        Description = "Label selector of the device plugin pods.",
        DefaultValueFactory = _ => "app=sriovdp",
    };

    private readonly Option<string> _resourcePrefix = new("--resource-prefix")
    {
        HelpName = "PREFIX",
        Description = "Prefix of a DPDK resource name given without one: the device plugin's --resource-prefix.",
        DefaultValueFactory = _ => SriovResourceNaming.Default.DefaultPrefix,
    };

    private readonly Option<string> _instanceMetadata = new("--instance-metadata")
    {
        HelpName = "URL",
        Description = "Where EC2 instance metadata answers, for the primary ENI's MAC address (no answer is fine).",
        DefaultValueFactory = _ => InstanceMetadata.DefaultEndpoint.ToString(),
    };

    private readonly Option<bool> _loadDriverModules = new("--load-driver-modules")
    {
        Description = "Load a DPDK driver that is not loaded (vfio-pci) with modprobe.",
    };

    private readonly Option<string> _modprobe = new("--modprobe")
    {
        HelpName = "PATH",
        Description = "The modprobe that --load-driver-modules runs.",
        DefaultValueFactory = _ => DpdkHostSettings.DefaultModprobe,
    };

    private readonly Option<bool> _enableUnsafeNoIommuMode = new("--enable-unsafe-noiommu-mode")
    {
        Description = "On a node without an IOMMU, turn on vfio's enable_unsafe_noiommu_mode so vfio-pci can take devices (taints the kernel).",
    };

    public ApplyOptions()
    {
        Refuse(_pluginLabels, DevicePluginPodSelector.ProblemWith);
        Refuse(_resourcePrefix, SriovResourceNaming.ProblemWith);
        Refuse(_instanceMetadata, InstanceMetadata.ProblemWith);
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { _desired, _sysfsRoot, _sriovConfig, _state, _ipamDataDir, _waitSeconds, _pluginNamespace, _pluginLabels, _resourcePrefix, _instanceMetadata, _loadDriverModules, _modprobe, _enableUnsafeNoIommuMode })
        {
            command.Options.Add(option);
        }
    }

    public ApplyArguments Read(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return new ApplyArguments(
            parsed.GetRequiredValue(_desired),
            parsed.GetRequiredValue(_sysfsRoot),
            parsed.GetRequiredValue(_sriovConfig),
            parsed.GetRequiredValue(_state),
            parsed.GetRequiredValue(_ipamDataDir),
            TimeSpan.FromSeconds(parsed.GetValue(_waitSeconds)),
            parsed.GetRequiredValue(_pluginNamespace),
            parsed.GetRequiredValue(_pluginLabels),
            parsed.GetRequiredValue(_resourcePrefix),
            new Uri(parsed.GetRequiredValue(_instanceMetadata)),
            new DpdkHostSettings(parsed.GetValue(_loadDriverModules), parsed.GetRequiredValue(_modprobe), parsed.GetValue(_enableUnsafeNoIommuMode)));
    }

    private static void Refuse(Option<string> option, Func<string?, string?> problemWith) =>
        option.Validators.Add(result =>
        {
            if (problemWith(result.GetValueOrDefault<string>()) is { } problem)
            {
                result.AddError(problem);
            }
        });

    private static double PositiveNumber(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds > 0)
        {
            return seconds;
        }

        result.AddError($"Option '--wait-seconds' must be a positive number, not '{text}'.");
        return default;
    }
}
