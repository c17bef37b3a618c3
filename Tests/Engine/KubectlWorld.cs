using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Infrastructure.Leaks;
using AwsMultiEni.Tests.Kubernetes;
using AwsMultiEni.Tests.Sandbox.Ec2;
using AwsMultiEni.Tests.Sandbox.Kubernetes;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// The engine as a cluster owner meets it: the Sandbox's seeded network (the README examples' subnets and security
/// groups, three zones) in the EC2 emulator or an external EC2 endpoint (moto); clusters in the Kubernetes API
/// emulator whose nodes carry the same names in every cluster (<c>node-0</c>, <c>node-1</c>, … in zones a, b, c, a, …,
/// each on its own instance); the silo with every cluster registered; and the real kubectl per cluster.
/// </summary>
internal sealed class KubectlWorld(
    WorldParts parts,
    Ec2Emulator? emulator,
    AmazonEC2Client ec2Client,
    KubeTestEnvironment kube,
    InProcessTestCluster silos,
    SeededWorld seeded,
    IReadOnlyList<string> examples) : IAsyncDisposable
{
    /// <summary>Every ENI the silos ever created, from the emulator's call log (so only with the emulator): a duplicate swept since still shows.</summary>
    public IReadOnlyList<string> EnisCreatedByTheFleet() =>
        (emulator ?? throw new InvalidOperationException("Only the EC2 emulator keeps a call log.")).Calls.CreatedNetworkInterfaceIds(Ec2TestClients.FleetAccessKeyId);

    /// <summary>The emulator's call log and fault injection; null against an external endpoint.</summary>
    public Ec2Emulator? Emulator => emulator;

    public AmazonEC2Client Ec2Client => ec2Client;

    public SeededWorld Seeded => seeded;

    /// <summary>Every file of <c>deploy/examples/</c>, with the seeded subnet and security group IDs in place of the placeholders.</summary>
    public IReadOnlyList<string> Examples => examples;

    public IGrainFactory Grains => silos.Client;

    public string StateDir => kube.StateDir;

    public static Task<KubectlWorld> StartAsync(int clusters = 1, int nodesPerCluster = 2, Uri? ec2Endpoint = null, EngineWorldOptions? options = null) =>
        WorldParts.StartAsync(nameof(KubectlWorld), async parts =>
        {
            options ??= new EngineWorldOptions();
            var emulator = ec2Endpoint is null
                ? parts.Add(await Ec2Emulator.StartAsync((Ec2EmulatorFixture.FastOptions with { ConsistencyLag = options.ConsistencyLag }).BoundToFleetKey()), "the EC2 emulator")
                : null;
            var client = parts.AddDisposable(Ec2TestClients.Client(ec2Endpoint ?? emulator!.Url, EngineWorld.Region), "the EC2 client");
            var kube = parts.Add(await KubeTestEnvironment.StartAsync(clusters), "the Kubernetes API emulator");
            var seeded = await new Ec2Seeder(client, EngineWorld.Region).SeedAsync([.. kube.Emulator.Clusters.Select(c => c.Name)], nodesPerCluster);
            foreach (var cluster in kube.Emulator.Clusters)
            {
                var instances = seeded.Instances.Where(i => i.Cluster == cluster.Name).ToList();
                for (var i = 0; i < instances.Count; i++)
                {
                    cluster.AddNode(new SimulatedNode($"node-{i}", instances[i].AvailabilityZone, instances[i].InstanceId, instances[i].InstanceType));
                }
            }

            var examples = await ExampleManifests.WriteAsync(seeded, Path.Combine(kube.StateDir, "examples"));
            var silosClient = parts.AddDisposable(Ec2TestClients.Client(ec2Endpoint ?? emulator!.Url, EngineWorld.Region, Ec2TestClients.FleetAccessKeyId), "the silos' EC2 client");
            var silos = parts.Add(await EngineSilos.StartAsync(options, Ec2TestClients.Gateway(silosClient), ec2Endpoint ?? emulator!.Url), "the silos", TestSilos.StopAsync);
            foreach (var cluster in kube.Emulator.Clusters)
            {
                await EngineSilos.RegisterAsync(silos.Client, cluster.Name, ClusterSeeder.AllowSilo(cluster));
            }

            return new KubectlWorld(parts, emulator, client, kube, silos, seeded, examples);
        });

    public string ClusterName(int cluster) => kube[cluster].Name;

    /// <summary>The emulated API server of one cluster, to cut its watches.</summary>
    public EmulatedCluster ApiServer(int cluster = 0) => kube[cluster];

    public Kubectl Kubectl(int cluster = 0) => new(kube[cluster].KubeconfigPath, Path.Combine(kube.StateDir, $"kubectl-cache-{cluster}"));

    /// <summary>The example whose file name is <paramref name="fileName"/>.</summary>
    public string Example(string fileName) => Examples.Single(p => Path.GetFileName(p) == fileName);

    /// <summary>The instance behind <c>node-<paramref name="node"/></c> of a cluster.</summary>
    public SeededInstance Instance(int cluster, int node) => Seeded.Instances.Where(i => i.Cluster == ClusterName(cluster)).ElementAt(node);

    public string SubnetId(string name) => Seeded.Subnet(name).SubnetId;

    public string GroupId(string name) => Seeded.SecurityGroup(name).GroupId;

    /// <summary>The NodeENI as <c>kubectl get -o json</c> prints it; null once it is gone.</summary>
    public async Task<NodeEni?> GetNodeEniAsync(string name, int cluster = 0)
    {
        var result = await Kubectl(cluster).RunAsync("get", "nodeeni", name, "-o", "json", "--ignore-not-found");
        return result.Succeeded().Output.Trim() is { Length: > 0 } json ? NodeEniJson.Deserialize(json) : null;
    }

    /// <summary>Every NodeENI of a cluster, as <c>kubectl get nodeenis -o json</c> lists them.</summary>
    public async Task<IReadOnlyList<NodeEni>> ListNodeEnisAsync(int cluster = 0)
    {
        var json = (await Kubectl(cluster).RunAsync("get", "nodeenis", "-o", "json")).Succeeded().Output;
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("items").EnumerateArray().Select(NodeEniJson.Deserialize)];
    }

    /// <summary>
    /// Writes a manifest for <c>kubectl apply</c>: NodeENI <paramref name="name"/> selecting <c>ng=multi-eni</c> on one
    /// subnet with <paramref name="groupIds"/>, plus <paramref name="specLines"/> (<c>key: value</c>); a new file each call.
    /// </summary>
    public async Task<string> WriteManifestAsync(string name, string subnetId, IReadOnlyList<string> groupIds, params string[] specLines)
    {
        string[] lines =
        [
            "apiVersion: networking.k8s.aws/v1alpha1",
            "kind: NodeENI",
            "metadata:",
            $"  name: {name}",
            "spec:",
            "  nodeSelector:",
            "    ng: multi-eni",
            $"  subnetID: {subnetId}",
            "  securityGroupIDs:",
            .. groupIds.Select(g => $"    - {g}"),
            .. specLines.Select(l => $"  {l}"),
        ];
        var path = Path.Combine(StateDir, $"{name}-{Guid.NewGuid():N}.yaml");
        await File.WriteAllLinesAsync(path, lines, TestContext.Current.CancellationToken);
        return path;
    }

    /// <summary>Whether the NodeENI reports Ready=True for its current generation.</summary>
    public async Task<bool> IsReadyAsync(string name, int cluster = 0) =>
        await GetNodeEniAsync(name, cluster) is { Status: { } status } n
        && status.ObservedGeneration == n.Metadata.Generation
        && status.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready)?.Status == "True";

    /// <summary>The Ready condition's reason, or null.</summary>
    public async Task<string?> ReadyReasonAsync(string name, int cluster = 0) =>
        (await GetNodeEniAsync(name, cluster))?.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready)?.Reason;

    /// <summary>The reasons of the events <c>kubectl get events</c> lists for <paramref name="name"/>.</summary>
    public async Task<IReadOnlyList<(string Type, string Reason, string Message)>> EventsAsync(string name, int cluster = 0)
    {
        var json = (await Kubectl(cluster).RunAsync("get", "events", "-o", "json")).Succeeded().Output;
        using var document = JsonDocument.Parse(json);
        return
        [
            .. document.RootElement.GetProperty("items").EnumerateArray()
                .Where(e => e.GetProperty("involvedObject").GetProperty("name").GetString() == name)
                .Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("reason").GetString()!, e.GetProperty("message").GetString()!)),
        ];
    }

    /// <summary>Every ENI of the seeded VPC other than the instances' primaries, as EC2 describes it: what the fleet made, and anything it leaked.</summary>
    public async Task<IReadOnlyList<LiveEni>> EnisAsync()
    {
        var described = await Ec2Client.DescribeNetworkInterfacesAsync(
            new DescribeNetworkInterfacesRequest { Filters = [new Filter("vpc-id", [Seeded.VpcId])] },
            TestContext.Current.CancellationToken);
        return [.. described.NetworkInterfaces.Where(e => e.Attachment?.DeviceIndex is not 0).Select(LiveEni.From)];
    }

    /// <summary>The ENIs tagged for <paramref name="nodeEni"/> in one cluster.</summary>
    public async Task<IReadOnlyList<LiveEni>> EnisAsync(string nodeEni, int cluster = 0) =>
        [.. (await EnisAsync()).Where(e => e.NodeEni == nodeEni && e.Cluster == ClusterName(cluster))];

    public async ValueTask DisposeAsync()
    {
        await parts.DisposeAsync();
        ShippedPermissions.AssertSufficed(emulator, kube.Emulator.Clusters);
    }
}

/// <summary>A secondary ENI as EC2 describes it, with the fleet's tags picked out.</summary>
internal sealed record LiveEni(
    string EniId,
    string SubnetId,
    string Status,
    string? InstanceId,
    int? DeviceIndex,
    string? AttachmentStatus,
    bool? DeleteOnTermination,
    IReadOnlyList<string> GroupIds,
    string? Description,
    string? Cluster,
    string? NodeEni,
    string? Node)
{
    public static LiveEni From(NetworkInterface eni)
    {
        ArgumentNullException.ThrowIfNull(eni);
        var tags = (eni.TagSet ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        return new LiveEni(
            eni.NetworkInterfaceId,
            eni.SubnetId,
            eni.Status.Value,
            eni.Attachment?.InstanceId,
            eni.Attachment?.DeviceIndex,
            eni.Attachment?.Status?.Value,
            eni.Attachment?.DeleteOnTermination,
            [.. (eni.Groups ?? []).Select(g => g.GroupId).Order(StringComparer.Ordinal)],
            eni.Description,
            tags.GetValueOrDefault(Silo.Aws.EniTags.ClusterKey),
            tags.GetValueOrDefault("NodeENI"),
            tags.GetValueOrDefault("Node"));
    }
}
