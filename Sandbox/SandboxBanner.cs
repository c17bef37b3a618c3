namespace AwsMultiEni.Sandbox;

/// <summary>What the Sandbox prints once it is up: where each piece listens and kubectl lines ready to paste.</summary>
internal static class SandboxBanner
{
    public static void Print(SandboxManifest manifest, string manifestPath, bool externalEc2, int nodesPerCluster, IReadOnlyList<string> examples)
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
        Console.WriteLine($"Manifest:   {manifestPath}");
        Console.WriteLine("Press Ctrl-C to stop.");
    }
}
