using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.EC2;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Hosting;
using AwsMultiEni.Storage.GrainStorage.Hosting;
using AwsMultiEni.Storage.Reminders.Hosting;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Infrastructure.Leaks;
using AwsMultiEni.Tests.Kubernetes;
using AwsMultiEni.Tests.Sandbox.Ec2;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A fleet at rollout scale: the EC2 emulator (throttling on, time ×<see cref="TimeFactor"/>) and emulated clusters
/// seeded as the Sandbox seeds them (every node labelled <c>ng=multi-eni</c>), and several silos with grain state
/// and reminders in DynamoDB on moto, so that a killed silo's grains carry on elsewhere. Each silo reaches EC2
/// through its own <see cref="SeverableEc2"/> wire.
/// </summary>
internal sealed class RolloutWorld : IAsyncDisposable
{
    public const string Region = "us-east-1";
    private const double TimeFactor = 10;

    private readonly WorldParts _parts;
    private readonly ConcurrentDictionary<string, SeverableEc2> _wires;
    private readonly ConcurrentDictionary<string, IKubernetes> _admins = new(StringComparer.Ordinal);

    private RolloutWorld(WorldParts parts, Ec2Emulator ec2, KubeTestEnvironment kube, InProcessTestCluster silos, SeededWorld seeded, ConcurrentDictionary<string, SeverableEc2> wires)
    {
        _parts = parts;
        Ec2 = ec2;
        Kube = kube;
        Silos = silos;
        Seeded = seeded;
        _wires = wires;
    }

    public Ec2Emulator Ec2 { get; }

    public KubeTestEnvironment Kube { get; }

    public InProcessTestCluster Silos { get; }

    public SeededWorld Seeded { get; }

    public IGrainFactory Grains => Silos.Client;

    public IReadOnlyList<string> ClusterNames => [.. Kube.Emulator.Clusters.Select(c => c.Name)];

    /// <param name="logs">Where the silos' log messages go too, when a test waits on what a silo said.</param>
    public static Task<RolloutWorld> StartAsync(MotoServer moto, int clusters, int nodesPerCluster, int silos, LogCapture? logs = null) =>
        WorldParts.StartAsync(nameof(RolloutWorld), async parts =>
        {
            var ec2 = parts.Add(
                await Ec2Emulator.StartAsync(new Ec2EmulatorOptions { Region = Region, TimeFactor = TimeFactor, ConsistencyLag = TimeSpan.FromSeconds(1) }.BoundToFleetKey()),
                "the EC2 emulator");
            var seedClient = parts.AddDisposable(Ec2TestClients.Client(ec2.Url, Region), "the seeding EC2 client");
            var names = Enumerable.Range(1, clusters).Select(i => $"rollout-{i}").ToList();
            var seeded = await new Ec2Seeder(seedClient, Region).SeedAsync(names, nodesPerCluster);
            var kube = parts.Add(await KubeTestEnvironment.StartAsync(clusters, installCrd: false, names), "the Kubernetes API emulator");
            foreach (var cluster in kube.Emulator.Clusters)
            {
                ClusterSeeder.Seed(cluster, seeded.Instances);
            }

            var wires = parts.Add(new ConcurrentDictionary<string, SeverableEc2>(StringComparer.Ordinal), "the silos' EC2 wires", StopWires);
            var testCluster = parts.Add(await TestSilos.DeployAsync(SiloBuilder(moto, ec2.Url, wires, silos, logs)), "the silos", TestSilos.StopAsync);
            var world = new RolloutWorld(parts, ec2, kube, testCluster, seeded, wires);
            foreach (var emulated in kube.Emulator.Clusters)
            {
                await world.Grains.GetGrain<IFleetGrain>(IFleetGrain.Key).Register(new ClusterRegistration { Name = emulated.Name, Region = Region, Kubeconfig = emulated.SiloKubeconfigPath });
            }

            return world;
        });

    /// <summary>Applies one NodeENI selecting every node, one ENI in its zone's Multus subnet at device index 1.</summary>
    public async Task ApplyAsync(string cluster, string name)
    {
        var manifest = new JsonObject
        {
            ["apiVersion"] = NodeEni.ApiVersionValue,
            ["kind"] = NodeEni.KindValue,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["nodeSelector"] = new JsonObject { [ClusterSeeder.NodeGroupLabel] = ClusterSeeder.NodeGroup },
                ["subnetIDs"] = new JsonArray([.. SandboxNetwork.ZoneSuffixes.Select((_, zone) => (JsonNode)Seeded.Subnet(SandboxNetwork.MultusSubnet(zone).Name).SubnetId)]),
                ["securityGroupIDs"] = new JsonArray(Seeded.SecurityGroup(SandboxNetwork.MultusSecurityGroup).GroupId),
            },
        };
        await Admin(cluster).CustomObjects.CreateClusterCustomObjectAsync(manifest, NodeEni.Group, NodeEni.Version, NodeEni.Plural);
    }

    public async Task<NodeEni> GetNodeEniAsync(string cluster, string name) =>
        NodeEniJson.Deserialize(await Admin(cluster).CustomObjects.GetClusterCustomObjectAsync<JsonElement>(NodeEni.Group, NodeEni.Version, NodeEni.Plural, name));

    /// <summary>Every live ENI the fleet tagged, in any cluster.</summary>
    public IReadOnlyList<Ec2InventoryNetworkInterface> FleetEnis() =>
        [.. Ec2.Inventory().NetworkInterfaces.Where(e => e.Tags.ContainsKey(EniTags.ClusterKey))];

    /// <summary>The EC2 wire of one silo.</summary>
    public SeverableEc2 Wire(InProcessSiloHandle silo) => _wires[silo.Name];

    /// <summary>Cuts the silo's EC2 wire, then kills it.</summary>
    public async Task KillAsync(InProcessSiloHandle silo)
    {
        Wire(silo).Sever();
        await Silos.KillSiloAsync(silo);
    }

    public async ValueTask DisposeAsync()
    {
        await _parts.DisposeAsync();
        ShippedPermissions.AssertSufficed(Ec2, Kube.Emulator.Clusters);
    }

    private static ValueTask StopWires(ConcurrentDictionary<string, SeverableEc2> wires)
    {
        foreach (var wire in wires.Values)
        {
            wire.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Silos with state and reminders in their own tables on moto, each reaching EC2 through its own wire.</summary>
    private static InProcessTestClusterBuilder SiloBuilder(MotoServer moto, Uri ec2, ConcurrentDictionary<string, SeverableEc2> wires, int silos, LogCapture? logs)
    {
        var grainState = MotoDynamoDB.UniqueName("GrainState");
        var reminders = MotoDynamoDB.UniqueName("Reminders");
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(_ => moto.CreateDynamoDBClient());
            silo.AddDynamoDBGrainStorageAsDefault(o => o.TableName = grainState);
            silo.UseDynamoDBReminderService(o => o.TableName = reminders);
        });
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration.AddInMemoryCollection(
            [
                new("Fleet:PollInterval", "00:00:00.100"), new("Fleet:DriftInterval", "00:00:01"), new("Fleet:OrphanGracePeriod", "00:00:05"),
                new("Fleet:ConsistencyGracePeriod", "00:00:02"), new("Fleet:CoalesceInterval", "00:00:00.100"), new("Aws:Ec2:Region", Region),
            ]);

            // A killed silo declared dead within seconds, through the silo's own Orleans:Membership settings.
            host.Configuration.AddInMemoryCollection(TestMembership.Settings(SiloHostingExtensions.MembershipSection));
            host.Services.AddFleetEngine(host.Configuration);

            // Each silo a share of the account's (scaled) budget, as the budget share service would give it.
            var options = Ec2TestClients.FastRetries();
            options.Budget = new Ec2ThrottleBuckets().Scaled(TimeFactor / silos);
            var gateway = Ec2TestClients.Gateway(wires.GetOrAdd(silo.SiloName, _ => new SeverableEc2()).Client(ec2, Region), options);
            host.Services.AddSingleton<IEc2GatewayFactory>(new SingleGateway(gateway));
            if (logs is not null)
            {
                host.Logging.AddProvider(logs.For(silo.SiloName));
            }
        });
        return builder;
    }

    private IKubernetes Admin(string cluster) => _admins.GetOrAdd(cluster, name => Kube.AdminClient(Kube.Emulator[name]));

    private sealed class SingleGateway(IEc2Gateway gateway) : IEc2GatewayFactory
    {
        public IEc2Gateway ForRegion(string region, MemberRole? role = null) => gateway;
    }
}
