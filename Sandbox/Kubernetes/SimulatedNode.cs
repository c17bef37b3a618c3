using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>A Node as the kubelet on an EC2 instance registers it: providerID, zone and instance-type labels.</summary>
public sealed record SimulatedNode(string Name, string AvailabilityZone, string InstanceId, string InstanceType)
{
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The <paramref name="index"/>-th node (from 1) of a cluster, spread over three zones, with a stable instance ID.</summary>
    public static SimulatedNode ForIndex(string cluster, int index, string region = "us-east-1")
    {
        var zone = region + (char)('a' + ((index - 1) % 3));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{cluster}/{index}")))[..17];
        return new SimulatedNode($"{cluster}-node-{index}", zone, $"i-{hash}", "m5.xlarge");
    }

    internal JsonObject ToObject()
    {
        var region = AvailabilityZone[..^1];
        var labels = new JsonObject
        {
            ["kubernetes.io/hostname"] = Name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["topology.kubernetes.io/region"] = region,
            ["topology.kubernetes.io/zone"] = AvailabilityZone,
            ["node.kubernetes.io/instance-type"] = InstanceType,
        };
        foreach (var (key, value) in Labels)
        {
            labels[key] = value;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = Name, ["labels"] = labels },
            ["spec"] = new JsonObject { ["providerID"] = $"aws:///{AvailabilityZone}/{InstanceId}" },
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = "True",
                    ["reason"] = "KubeletReady",
                    ["message"] = "kubelet is posting ready status",
                }),
                ["nodeInfo"] = new JsonObject
                {
                    ["kubeletVersion"] = "v1.32.0-eks",
                    ["osImage"] = "Amazon Linux 2023",
                    ["architecture"] = "amd64",
                    ["operatingSystem"] = "linux",
                },
            },
        };
    }
}
