using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Infrastructure.Leaks;
using AwsMultiEni.Tests.Kubernetes;
using AwsMultiEni.Tests.Sandbox.Ec2;
using k8s;
using k8s.Models;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Everything the engine runs against, in-process: the strict EC2 emulator seeded with a VPC, two
/// subnets in two zones and one instance per zone; the Kubernetes API emulator with the NodeENI CRD and
/// one Node per instance (providerID, zone and instance type matching); and an Orleans test cluster
/// running the fleet grains with the cluster registered.
/// </summary>
internal sealed class EngineWorld : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string Selector = "multi-eni";

    private static readonly TimeSpan DescribeDeadline = TimeSpan.FromSeconds(30);

    private readonly WorldParts _parts;

    private EngineWorld(WorldParts parts, Ec2Emulator ec2, AmazonEC2Client ec2Client, KubeTestEnvironment kube, InProcessTestCluster silos, Ec2TestWorld network, IReadOnlyList<SimulatedNode> nodes)
    {
        _parts = parts;
        Ec2 = ec2;
        Ec2Client = ec2Client;
        Kube = kube;
        Silos = silos;
        Network = network;
        Nodes = nodes;
        Admin = kube.AdminClient(kube[0]);
    }

    public Ec2Emulator Ec2 { get; }

    public AmazonEC2Client Ec2Client { get; }

    public KubeTestEnvironment Kube { get; }

    public InProcessTestCluster Silos { get; }

    public Ec2TestWorld Network { get; }

    /// <summary>Node 0 in zone a, node 1 in zone b.</summary>
    public IReadOnlyList<SimulatedNode> Nodes { get; }

    public IKubernetes Admin { get; }

    public string ClusterName => Kube[0].Name;

    public IGrainFactory Grains => Silos.Client;

    public static Task<EngineWorld> StartAsync(EngineWorldOptions? options = null) => WorldParts.StartAsync(nameof(EngineWorld), async parts =>
    {
        options ??= new EngineWorldOptions();
        var emulatorOptions = (Ec2EmulatorFixture.FastOptions with { ConsistencyLag = options.ConsistencyLag }).BoundToFleetKey();
        var ec2 = parts.Add(await Ec2Emulator.StartAsync(options.Ec2?.Invoke(emulatorOptions) ?? emulatorOptions), "the EC2 emulator");
        var client = parts.AddDisposable(Ec2TestClients.Client(ec2.Url, Region), "the EC2 client");
        var network = await Ec2TestWorld.CreateAsync(client, Region);
        var nodes = new List<SimulatedNode>();
        foreach (var subnet in new[] { network.SubnetA, network.SubnetB })
        {
            var instanceId = await network.RunInstanceAsync(subnet, "m5.xlarge");
            nodes.Add(new SimulatedNode($"node-{subnet.AvailabilityZone}", subnet.AvailabilityZone, instanceId, "m5.xlarge"));
        }

        var kube = parts.Add(await KubeTestEnvironment.StartAsync(), "the Kubernetes API emulator");
        foreach (var node in nodes)
        {
            kube[0].AddNode(node);
        }

        var silosClient = parts.AddDisposable(Ec2TestClients.Client(ec2.Url, Region, Ec2TestClients.FleetAccessKeyId), "the silos' EC2 client");
        var silos = parts.Add(await EngineSilos.StartAsync(options, Ec2TestClients.Gateway(silosClient), ec2.Url), "the silos", TestSilos.StopAsync);
        var world = new EngineWorld(parts, ec2, client, kube, silos, network, nodes);
        if (options.RegisterCluster)
        {
            await world.RegisterClusterAsync();
        }

        return world;
    });

    /// <summary>Registers the cluster as the silo set reaches it in production: its own identity, held to deploy/cluster's RBAC.</summary>
    public Task RegisterClusterAsync() => EngineSilos.RegisterAsync(Grains, ClusterName, ClusterSeeder.AllowSilo(Kube[0]));

    public async Task LabelAsync(SimulatedNode node, string? value)
    {
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["ng"] = value } } };
        await Admin.CoreV1.PatchNodeAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), node.Name);
    }

    public async Task<NodeEni> CreateNodeEniAsync(string name, JsonObject spec)
    {
        var manifest = new JsonObject
        {
            ["apiVersion"] = NodeEni.ApiVersionValue,
            ["kind"] = NodeEni.KindValue,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
        var created = await Admin.CustomObjects.CreateClusterCustomObjectAsync<JsonElement>(manifest, NodeEni.Group, NodeEni.Version, NodeEni.Plural);
        return NodeEniJson.Deserialize(created);
    }

    /// <summary>Merges <paramref name="spec"/> into the NodeENI's spec, as <c>kubectl patch --type merge</c> does.</summary>
    public async Task PatchSpecAsync(string name, JsonObject spec)
    {
        var patch = new JsonObject { ["spec"] = spec };
        await Admin.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), NodeEni.Group, NodeEni.Version, NodeEni.Plural, name, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>A spec selecting <c>ng=multi-eni</c> nodes, listing both zones' subnets and the security group.</summary>
    public JsonObject Spec(params string[] subnetIds) => new()
    {
        ["nodeSelector"] = new JsonObject { ["ng"] = Selector },
        ["subnetIDs"] = new JsonArray([.. (subnetIds.Length == 0 ? [Network.SubnetA.SubnetId, Network.SubnetB.SubnetId] : subnetIds).Select(s => (JsonNode)s)]),
        ["securityGroupIDs"] = new JsonArray(Network.GroupId),
        ["description"] = "engine test",
    };

    public Task<NodeEni?> GetNodeEniAsync(string name) => KubeTestEnvironment.GetNodeEniAsync(Admin, name);

    /// <summary>The NodeENI's generation, once its status says Ready for that very generation; null until then.</summary>
    public async Task<long?> ReadyGenerationAsync(string name) =>
        await GetNodeEniAsync(name) is { Status: { } status } n
        && status.ObservedGeneration == n.Metadata.Generation
        && status.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready)?.Status == "True"
            ? n.Metadata.Generation
            : null;

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string name) =>
        [.. (await Admin.CoreV1.ListNamespacedEventAsync("default")).Items.Where(e => e.InvolvedObject.Name == name)];

    /// <summary>
    /// The ENI as EC2's describes show it once <paramref name="until"/> holds (by default: once they know it at all).
    /// Describes lag behind EC2's answers, so what a test arranged must show there before the engine can see it.
    /// </summary>
    public Task<NetworkInterface> DescribedEniAsync(string eniId, Func<NetworkInterface, bool>? until = null) =>
        Poll.ForValueAsync(
            async () => (await Ec2Client.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [new Filter("network-interface-id", [eniId])] }, TestContext.Current.CancellationToken))
                .NetworkInterfaces.FirstOrDefault(e => until?.Invoke(e) ?? true),
            DescribeDeadline,
            $"describes to show ENI {eniId}");

    /// <summary>The instance as EC2's describes show it once <paramref name="until"/> holds.</summary>
    public Task<Instance> DescribedInstanceAsync(string instanceId, Func<Instance, bool> until) =>
        Poll.ForValueAsync(
            async () => (await Ec2Client.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Filter("instance-id", [instanceId])] }, TestContext.Current.CancellationToken))
                .Reservations.SelectMany(r => r.Instances).FirstOrDefault(until),
            DescribeDeadline,
            $"describes to show instance {instanceId} as arranged");

    /// <summary>Every ENI the silos ever created, from the emulator's call log: a duplicate swept since still shows.</summary>
    public IReadOnlyList<string> EnisCreatedByTheFleet() => Ec2.Calls.CreatedNetworkInterfaceIds(Ec2TestClients.FleetAccessKeyId);

    /// <summary>The live ENIs the fleet tagged for <paramref name="nodeEni"/>.</summary>
    public IReadOnlyList<Ec2InventoryNetworkInterface> EnisOf(string nodeEni) =>
        [.. Ec2.Inventory().NetworkInterfaces.Where(e => e.Tags.TryGetValue("NodeENI", out var owner) && owner == nodeEni)];

    public async ValueTask DisposeAsync()
    {
        await _parts.DisposeAsync();
        ShippedPermissions.AssertSufficed(Ec2, [Kube[0]]);
    }
}
