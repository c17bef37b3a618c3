using AwsMultiEni.Agent.PodAddresses;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Agent.State;
using AwsMultiEni.Agent.Sysfs;

namespace AwsMultiEni.Agent.Hosting;

/// <summary>Where the agent finds the host's files (configuration section <c>Agent</c>).</summary>
public sealed class AgentPaths
{
    public const string Section = "Agent";

    public string SysfsRoot { get; set; } = FileSysfs.DefaultRoot;

    public string StatePath { get; set; } = HostStateFile.DefaultPath;

    public string SriovConfigPath { get; set; } = SriovConfigFile.DefaultPath;

    /// <summary>Where the agent writes each interface's pod-address ranges and awsmultieni-ipam keeps its allocations.</summary>
    public string IpamDataDir { get; set; } = PodAddressFiles.DefaultDataDir;
}
