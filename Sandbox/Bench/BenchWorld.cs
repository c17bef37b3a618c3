using System.Text.Json;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>Where the <c>bench-world</c> process put things: its EC2 emulator, each cluster's kubeconfig, and the network to attach to.</summary>
public sealed record BenchWorld(
    Uri Ec2Endpoint,
    string Region,
    double TimeFactor,
    IReadOnlyList<BenchCluster> Clusters,
    IReadOnlyList<string> SubnetIds,
    string SecurityGroupId)
{
    public const string FileName = "bench-world.json";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

/// <summary>One emulated cluster of a <see cref="BenchWorld"/>.</summary>
public sealed record BenchCluster(string Name, string Kubeconfig);
