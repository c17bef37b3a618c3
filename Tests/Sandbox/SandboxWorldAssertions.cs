using System.Text.Json.Nodes;
using Amazon.EC2.Model;
using AwsMultiEni.Sandbox;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Sandbox.Kubernetes;

namespace AwsMultiEni.Tests.Sandbox;

/// <summary>Checks a running Sandbox from the outside: kubectl against each cluster, the EC2 API against its endpoint.</summary>
internal static class SandboxWorldAssertions
{
    /// <summary>
    /// Every cluster has the NodeENI CRD and <paramref name="nodesPerCluster"/> Nodes, each naming (providerID) a
    /// running instance whose zone and type match the Node's labels, and no instance is claimed twice.
    /// </summary>
    public static async Task NodesMatchInstancesAsync(SandboxManifest manifest, int nodesPerCluster, string cacheDir)
    {
        using var ec2 = Ec2TestClients.Client(new Uri(manifest.Ec2Endpoint!), manifest.Region!);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in manifest.Clusters)
        {
            var kubectl = new Kubectl(cluster.Kubeconfig, Path.Combine(cacheDir, cluster.Name));
            (await kubectl.RunAsync("get", "crd", "nodeenis.networking.k8s.aws")).Succeeded();
            var nodes = JsonNode.Parse((await kubectl.RunAsync("get", "nodes", "-o", "json")).Succeeded().Output)!["items"]!.AsArray();
            Assert.Equal(nodesPerCluster, nodes.Count);

            var byInstance = nodes.ToDictionary(node => InstanceId(node!), node => node!);
            var described = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [.. byInstance.Keys] }, TestContext.Current.CancellationToken);
            var instances = described.Reservations.SelectMany(r => r.Instances).ToList();
            Assert.Equal(byInstance.Keys.Order(StringComparer.Ordinal), instances.Select(i => i.InstanceId).Order(StringComparer.Ordinal));
            foreach (var instance in instances)
            {
                var node = byInstance[instance.InstanceId];
                var labels = node["metadata"]!["labels"]!;
                Assert.Equal($"aws:///{instance.Placement.AvailabilityZone}/{instance.InstanceId}", (string?)node["spec"]!["providerID"]);
                Assert.Equal(instance.Placement.AvailabilityZone, (string?)labels["topology.kubernetes.io/zone"]);
                Assert.Equal(instance.InstanceType.Value, (string?)labels["node.kubernetes.io/instance-type"]);
                Assert.Equal("running", instance.State.Name.Value);
                Assert.True(claimed.Add(instance.InstanceId), $"{instance.InstanceId} is a Node in two clusters.");
            }

            Assert.Equal(Math.Min(nodesPerCluster, 3), instances.Select(i => i.Placement.AvailabilityZone).Distinct(StringComparer.Ordinal).Count());
        }
    }

    /// <summary>The subnets and security groups the by-name README example names exist, with their Name tags.</summary>
    public static async Task ExampleNamesExistAsync(SandboxManifest manifest)
    {
        using var ec2 = Ec2TestClients.Client(new Uri(manifest.Ec2Endpoint!), manifest.Region!);
        var cancel = TestContext.Current.CancellationToken;
        var subnets = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("tag:Name", ["multus-subnet-a", "multus-subnet-b", "multus-subnet-c"])] }, cancel);
        Assert.Equal(
            [$"{manifest.Region}a", $"{manifest.Region}b", $"{manifest.Region}c"],
            subnets.Subnets.Select(s => s.AvailabilityZone).Order(StringComparer.Ordinal));
        var groups = await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter("tag:Name", ["multus-sg"])] }, cancel);
        Assert.Single(groups.SecurityGroups);
    }

    /// <summary>kubectl applies every README example to <paramref name="cluster"/>: the by-name one as it is, the others as rendered with the seeded IDs.</summary>
    public static async Task ExamplesApplyAsync(SandboxClusterEntry cluster, string stateDir, string cacheDir)
    {
        var kubectl = new Kubectl(cluster.Kubeconfig, Path.Combine(cacheDir, cluster.Name));
        (await kubectl.RunAsync("apply", "-f", RepositoryFiles.PathOf("deploy/examples/nodeeni-by-name.yaml"))).Succeeded();
        (await kubectl.RunAsync("apply", "-f", Path.Combine(stateDir, "examples"))).Succeeded();
        var names = (await kubectl.RunAsync("get", "nodeenis", "-o", "jsonpath={.items[*].metadata.name}")).Succeeded().Output;
        Assert.Equal(["dpdk-eni", "jumbo-eni", "multus-eni", "multus-eni-by-name", "multus-eni-multi-az", "pod-ips"], names.Split(' ').Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The by-name example, applied with kubectl to every cluster, becomes ENIs: each cluster's status lists one attached
    /// ENI per node in a zone the example has a subnet for, and EC2 shows each attached to that node's instance at that
    /// device index. Returns the ENI IDs.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ByNameExampleAttachesEnisAsync(SandboxManifest manifest, int nodesWithSubnet, string cacheDir)
    {
        using var ec2 = Ec2TestClients.Client(new Uri(manifest.Ec2Endpoint!), manifest.Region!);
        var eniIds = new List<string>();
        foreach (var cluster in manifest.Clusters)
        {
            var kubectl = new Kubectl(cluster.Kubeconfig, Path.Combine(cacheDir, cluster.Name));
            (await kubectl.RunAsync("apply", "-f", RepositoryFiles.PathOf("deploy/examples/nodeeni-by-name.yaml"))).Succeeded();
            JsonArray attachments = [];
            await Poll.UntilAsync(
                async () =>
                {
                    var nodeEni = JsonNode.Parse((await kubectl.RunAsync("get", "nodeeni", "multus-eni-by-name", "-o", "json")).Succeeded().Output)!;
                    attachments = nodeEni["status"]?["attachments"]?.AsArray() ?? [];
                    return attachments.Count == nodesWithSubnet && attachments.All(a => (string?)a!["status"] == "attached");
                },
                TimeSpan.FromSeconds(90),
                $"{nodesWithSubnet} attached ENIs in the status of multus-eni-by-name in {cluster.Name}", Poll.ProcessInterval);

            var listed = attachments.ToDictionary(a => (string)a!["eniID"]!, a => a!);
            var described = await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [.. listed.Keys] }, TestContext.Current.CancellationToken);
            Assert.Equal(listed.Count, described.NetworkInterfaces.Count);
            foreach (var eni in described.NetworkInterfaces)
            {
                var status = listed[eni.NetworkInterfaceId];
                Assert.Equal(("in-use", (string?)status["instanceID"], (int?)status["deviceIndex"]), (eni.Status.Value, eni.Attachment.InstanceId, eni.Attachment.DeviceIndex));
            }

            eniIds.AddRange(listed.Keys);
        }

        Assert.Equal(eniIds.Count, eniIds.Distinct(StringComparer.Ordinal).Count());
        return eniIds;
    }

    /// <summary>
    /// The Sandbox's own EC2 emulator (describes 1 s behind every change) says, in its call log, that exactly the
    /// listed ENIs were ever created, each once, and that nothing was detached or deleted.
    /// </summary>
    public static async Task EachEniCreatedOnceAndNoneReleasedAsync(SandboxManifest manifest, IReadOnlyList<string> eniIds)
    {
        using var http = new HttpClient();
        var log = JsonNode.Parse(await http.GetStringAsync(new Uri(new Uri(manifest.Ec2Endpoint!.TrimEnd('/') + "/"), "_emulator/call-log"), TestContext.Current.CancellationToken))!.AsArray();
        var created = log.Where(r => (string?)r!["action"] == "CreateNetworkInterface" && r!["networkInterfaceId"] is not null).Select(r => (string)r!["networkInterfaceId"]!).Distinct();
        Assert.Equal(eniIds.Order(StringComparer.Ordinal), created.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(log, r => (string?)r!["action"] is "DetachNetworkInterface" or "DeleteNetworkInterface");
    }

    private static string InstanceId(JsonNode node) => ((string?)node["spec"]!["providerID"])!.Split('/')[^1];
}
