using System.Text.Json.Nodes;
using AwsMultiEni.Client.Manifests;
using AwsMultiEni.Sandbox.Kubernetes;

namespace AwsMultiEni.Sandbox.Seeding;

/// <summary>
/// Makes an emulated cluster look like an EKS cluster on the seeded instances: the NodeENI CRD and the silo's
/// ClusterRole installed (as the cluster chart would), and one Node per instance, labelled as the kubelet and the
/// examples expect.
/// </summary>
public static class ClusterSeeder
{
    /// <summary>The label the README examples select on; every Sandbox node starts in the <c>multi-eni</c> group.</summary>
    public const string NodeGroupLabel = "ng";
    public const string NodeGroup = "multi-eni";
    private const string CrdResource = "AwsMultiEni.Sandbox.networking.k8s.aws_nodeenis.yaml";
    private const string NodeNamespaceResource = "AwsMultiEni.Sandbox.agent-namespace.yaml";
    private static readonly string[] SiloRbacResources =
    [
        "AwsMultiEni.Sandbox.silo-clusterrole.yaml", NodeNamespaceResource, "AwsMultiEni.Sandbox.silo-lease-role.yaml",
    ];
    private static readonly string[] AgentRbacResources =
    [
        NodeNamespaceResource, "AwsMultiEni.Sandbox.agent-serviceaccount.yaml", "AwsMultiEni.Sandbox.agent-role.yaml",
    ];

    public static void Seed(EmulatedCluster cluster, IEnumerable<SeededInstance> instances)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        // Through JSON text, as kubectl would send it: the API works on parsed JSON, not on YAML-built nodes.
        var crd = JsonNode.Parse(YamlJson.Documents(EmbeddedFile.Read(CrdResource)).Single().ToJsonString())!.AsObject();
        cluster.Api.Create(BuiltInResources.CustomResourceDefinitions, null, crd, WriteOptions.Emulator);
        AllowSilo(cluster);
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

    /// <summary>
    /// What the silo set gets in a member cluster: <c>deploy/cluster</c>'s ClusterRole, and its Role on the silo set's
    /// Lease in the cluster part's namespace, each bound to the silo's group. Returns the kubeconfig of the silo's
    /// identity, which the cluster's RBAC holds to exactly that.
    /// </summary>
    public static string AllowSilo(EmulatedCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var resource in SiloRbacResources)
        {
            Apply(cluster, resource);
        }

        return cluster.SiloKubeconfigPath;
    }

    /// <summary>
    /// What the node agent gets in its cluster: <c>deploy/cluster</c>'s namespace, ServiceAccount and its Role in the
    /// device plugin's namespace. Returns the kubeconfig of the agent's identity, which the cluster's RBAC holds to that.
    /// </summary>
    public static string AllowAgent(EmulatedCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var resource in AgentRbacResources)
        {
            Apply(cluster, resource);
        }

        return cluster.AgentKubeconfigPath;
    }

    /// <summary>Creates every object of an embedded manifest that is not there yet (the silo and the agent share a namespace), in its namespace when it names one.</summary>
    private static void Apply(EmulatedCluster cluster, string resource)
    {
        foreach (var document in YamlJson.Documents(EmbeddedFile.Read(resource)))
        {
            var type = cluster.Api.Catalog.All.Single(t => t.ApiVersion == (string?)document["apiVersion"] && t.Kind == (string?)document["kind"]);
            var ns = type.Namespaced ? (string?)document["metadata"]?["namespace"] : null;
            if (cluster.Api.Store.Exists(type, ns, (string)document["metadata"]!["name"]!))
            {
                continue;
            }

            cluster.Api.Create(type, ns, JsonNode.Parse(document.ToJsonString())!.AsObject(), WriteOptions.Emulator);
        }
    }
}
