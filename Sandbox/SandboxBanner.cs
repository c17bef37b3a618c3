using AwsMultiEni.Sandbox.Kubernetes.Access;
using AwsMultiEni.Sandbox.Seeding;

namespace AwsMultiEni.Sandbox;

/// <summary>Who the Sandbox's pieces are to EC2 and their clusters.</summary>
/// <param name="SiloPolicy">With <c>--least-privilege</c>, the shipped policy the silo's EC2 key is bound to; null when the silo is the account's admin.</param>
/// <param name="AgentsAsServiceAccount">Whether node agents run and reach their clusters as the agent's ServiceAccount.</param>
internal sealed record SandboxIdentities(string? SiloPolicy, bool AgentsAsServiceAccount);

/// <summary>What the Sandbox prints once it is up: where each piece listens, who each piece is, and kubectl lines ready to paste.</summary>
internal static class SandboxBanner
{
    public static void Print(SandboxManifest manifest, string manifestPath, bool externalEc2, int nodesPerCluster, IReadOnlyList<string> examples, SandboxIdentities identities)
    {
        Console.WriteLine($"Dashboard:  {manifest.DashboardUrl}");
        Console.WriteLine($"EC2:        {manifest.Ec2Endpoint} (region {manifest.Region}, {(externalEc2 ? "external endpoint" : "emulator")})");
        Console.WriteLine($"Silo:       gateway {manifest.Gateway} (localhost clustering, in-memory storage)");
        Console.WriteLine($"  dotnet run --project Cli -- --gateway {manifest.Gateway} clusters list");
        foreach (var cluster in manifest.Clusters)
        {
            Console.WriteLine($"Cluster {cluster.Name}: {nodesPerCluster} nodes, kubeconfig {cluster.Kubeconfig}");
            Console.WriteLine($"  kubectl --kubeconfig {cluster.Kubeconfig} apply -f deploy/examples/nodeeni-by-name.yaml");
            if (cluster.Nodes.FirstOrDefault(n => n.Netns is not null) is { } node)
            {
                Console.WriteLine($"  each node in a network namespace with its agent: {string.Join(' ', cluster.Nodes.Select(n => n.Netns))}");
                Console.WriteLine($"  ip -n {node.Netns} link");
                Console.WriteLine($"  pod IPs: awsmultieni-ipam in {node.CniBinDir}, {node.Name}'s IPAM data in {node.IpamDataDir} (docs/ipam.md)");
            }
        }

        Console.WriteLine($"Examples with the seeded subnet and security group IDs: {string.Join(' ', examples.Select(Path.GetFileName))}");
        Console.WriteLine($"  in {Path.GetDirectoryName(examples.FirstOrDefault() ?? manifestPath)}, e.g. kubectl --kubeconfig {manifest.Clusters.FirstOrDefault()?.Kubeconfig} apply -f {examples.FirstOrDefault(e => e.EndsWith("nodeeni-subnet-id.yaml", StringComparison.Ordinal))}");
        PrintIdentities(identities);
        Console.WriteLine($"Manifest:   {manifestPath}");
        Console.WriteLine("Press Ctrl-C to stop.");
    }

    private static void PrintIdentities(SandboxIdentities identities)
    {
        Console.WriteLine(identities.SiloPolicy is { } policy
            ? $"Identities: the silo signs EC2 calls with {LeastPrivilege.SiloAccessKeyId}, bound to deploy/iam/silo-policy.json as shipped ({policy})"
            : "Identities: the silo signs EC2 calls as the account's admin (--least-privilege binds it to deploy/iam/silo-policy.json)");
        Console.WriteLine($"  the silo reaches each cluster as user {Identity.Silo.User}, group {Identity.Silo.Groups[0]}, held to deploy/cluster's RBAC (CLUSTER-as-silo.kubeconfig)");
        if (identities.AgentsAsServiceAccount)
        {
            Console.WriteLine($"  the node agents reach their cluster as {Identity.Agent.User}, held to deploy/cluster's RBAC (CLUSTER-as-agent.kubeconfig)");
        }

        Console.WriteLine("  the kubeconfigs above are the cluster admin's, for you");
    }
}
