using System.Text.Json;

namespace AwsMultiEni.Sandbox;

/// <summary><c>sandbox.json</c>: where a running Sandbox's pieces listen, for scripts and tests.</summary>
public sealed record SandboxManifest(string DashboardUrl, string? Ec2Endpoint, string? Region, IReadOnlyList<SandboxClusterEntry> Clusters)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

public sealed record SandboxClusterEntry(string Name, string Kubeconfig);
