using AwsMultiEni.Agent.Pci;

namespace AwsMultiEni.Agent.Apply;

/// <summary>What <c>agent apply</c> was asked to do, as read from its command line by <see cref="ApplyOptions"/>.</summary>
public sealed record ApplyArguments(
    string DesiredPath,
    string SysfsRoot,
    string SriovConfigPath,
    string StatePath,
    string IpamDataDir,
    TimeSpan InterfaceTimeout,
    string PluginNamespace,
    string PluginLabels,
    string ResourcePrefix,
    Uri InstanceMetadataEndpoint,
    DpdkHostSettings Dpdk);
