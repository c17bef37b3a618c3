using System.Text.Json;

namespace AwsMultiEni.Sandbox;

/// <summary><c>sandbox.json</c>: where a running Sandbox's pieces listen, for scripts and tests.</summary>
/// <param name="Gateway">The silo's Orleans gateway, <c>host:port</c>, for the <c>awsmultieni</c> CLI and other clients.</param>
public sealed record SandboxManifest(string DashboardUrl, string? Ec2Endpoint, string? Region, string? Gateway, IReadOnlyList<SandboxClusterEntry> Clusters)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

public sealed record SandboxClusterEntry(string Name, string Kubeconfig, IReadOnlyList<SandboxNodeEntry> Nodes);

/// <param name="Netns">The node's network namespace with <c>--node-netns</c> (<c>ip -n NETNS link</c>); null without.</param>
/// <param name="CniBinDir">With <c>--node-netns</c>: where <c>awsmultieni-ipam</c> is, for <c>CNI_PATH</c>.</param>
/// <param name="IpamDataDir">With <c>--node-netns</c>: the node's IPAM state, its agent's ranges files and the plugin's allocations.</param>
public sealed record SandboxNodeEntry(string Name, string InstanceId, string? Netns, string? CniBinDir = null, string? IpamDataDir = null);
