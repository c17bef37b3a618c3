using System.Text.Json.Nodes;
using AwsMultiEni.Client.Manifests;
using AwsMultiEni.Sandbox.Kubernetes;

namespace AwsMultiEni.Sandbox.Seeding;

/// <summary>
/// Makes an emulated cluster look like an EKS cluster on the seeded instances: the NodeENI CRD
/// installed and one Node per instance, labelled as the kubelet and the examples expect.
/// </summary>
public static class ClusterSeeder
{
    /// <summary>The label the README examples select on; every Sandbox node starts in the <c>multi-eni</c> group.</summary>
    public const string NodeGroupLabel = "ng";
    public const string NodeGroup = "multi-eni";
    private const string CrdResource = "AwsMultiEni.Sandbox.networking.k8s.aws_nodeenis.yaml";

    public static void Seed(EmulatedCluster cluster, IEnumerable<SeededInstance> instances)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        // Through JSON text, as kubectl would send it: the API works on parsed JSON, not on YAML-built nodes.
        var crd = JsonNode.Parse(YamlJson.Documents(ReadCrd()).Single().ToJsonString())!.AsObject();
        cluster.Api.Create(BuiltInResources.CustomResourceDefinitions, null, crd, WriteOptions.Emulator);
        foreach (var instance in instances.Where(i => i.Cluster == cluster.Name))
        {
            cluster.AddNode(new SimulatedNode(instance.NodeName, instance.AvailabilityZone, instance.InstanceId, instance.InstanceType)
            {
                Labels = new Dictionary<string, string>
                {
                    [NodeGroupLabel] = NodeGroup,
                    ["eks.amazonaws.com/nodegroup"] = NodeGroup,
                },
            });
        }
    }

    private static string ReadCrd()
    {
        using var stream = typeof(ClusterSeeder).Assembly.GetManifestResourceStream(CrdResource)
            ?? throw new InvalidOperationException($"The NodeENI CRD is not embedded as {CrdResource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
