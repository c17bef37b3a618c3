using System.Text.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Client.Manifests;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Infrastructure.Leaks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using k8s;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>
/// An in-process Kubernetes API emulator with the NodeENI CRD installed, in a temporary state
/// directory, plus what tests need around it: an admin client per cluster for the "someone
/// else" side of a test, and silo connections whose metrics are captured.
/// </summary>
internal sealed class KubeTestEnvironment : IAsyncDisposable
{
    private readonly WorldParts _parts;

    private KubeTestEnvironment(WorldParts parts, KubeEmulator emulator, string stateDir, ServiceProvider services)
    {
        _parts = parts;
        Emulator = emulator;
        StateDir = stateDir;
        Metrics = parts.AddDisposable(new MetricsProbe(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), "the metrics probe");
        KubernetesMetrics = services.GetRequiredService<KubernetesMetrics>();
    }

    public static WatchSettings FastWatch { get; } = new() { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) };

    public KubeEmulator Emulator { get; }

    public string StateDir { get; }

    public MetricsProbe Metrics { get; }

    public KubernetesMetrics KubernetesMetrics { get; }

    public EmulatedCluster this[int index] => Emulator.Clusters[index];

    public static Task<KubeTestEnvironment> StartAsync(int clusters = 1, bool installCrd = true, IReadOnlyList<string>? names = null) =>
        WorldParts.StartAsync(nameof(KubeTestEnvironment), async parts =>
        {
            var stateDir = parts.Add(Directory.CreateTempSubdirectory("kube-test-").FullName, "the state directory", DeleteDirectory);
            var emulator = parts.Add(
                await KubeEmulator.StartAsync(new KubeEmulatorOptions(clusters, stateDir) { Names = names, BookmarkInterval = TimeSpan.FromMilliseconds(200) }),
                "the Kubernetes API emulator");
            var services = parts.Add(new ServiceCollection().AddClusterConnections(new ConfigurationBuilder().Build()).BuildServiceProvider(), "the connection services");
            var environment = new KubeTestEnvironment(parts, emulator, stateDir, services);
            if (installCrd)
            {
                foreach (var cluster in emulator.Clusters)
                {
                    await environment.ApplyCrdAsync(cluster);
                }
            }

            return environment;
        });

    /// <summary>Registers nodes 1 to <paramref name="count"/> of the cluster (<see cref="SimulatedNode.ForIndex"/>); their names, in that order.</summary>
    public static List<string> AddNodes(EmulatedCluster cluster, int count)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var nodes = Enumerable.Range(1, count).Select(n => SimulatedNode.ForIndex(cluster.Name, n)).ToList();
        nodes.ForEach(cluster.AddNode);
        return [.. nodes.Select(n => n.Name)];
    }

    public IKubernetes AdminClient(EmulatedCluster cluster)
    {
        return _parts.AddDisposable(new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath)), $"an admin client of {cluster.Name}");
    }

    /// <param name="watch"><see cref="FastWatch"/> when null.</param>
    public IClusterConnection Connect(EmulatedCluster cluster, TimeProvider? clock = null, WatchSettings? watch = null)
    {
        var connection = ClusterConnection.Create(
            new ClusterConnectionSettings(cluster.Name) { KubeconfigPath = cluster.KubeconfigPath },
            watch ?? FastWatch,
            KubernetesMetrics,
            NullLoggerFactory.Instance,
            clock);
        return _parts.Add(connection, $"a connection to {cluster.Name}");
    }

    public async Task ApplyCrdAsync(EmulatedCluster cluster)
    {
        var crd = YamlJson.Documents(RepositoryFiles.Read("deploy/crds/networking.k8s.aws_nodeenis.yaml")).Single();
        using var http = new HttpClient { BaseAddress = cluster.Url };
        using var content = new StringContent(crd.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    public static JsonObject NodeEniManifest(string name, string nodeSelectorValue = "multi-eni") => new()
    {
        ["apiVersion"] = NodeEni.ApiVersionValue,
        ["kind"] = NodeEni.KindValue,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["nodeSelector"] = new JsonObject { ["ng"] = nodeSelectorValue },
            ["subnetID"] = "subnet-0a1b2c3d4e5f60001",
            ["securityGroupIDs"] = new JsonArray("sg-0a1b2c3d4e5f60001"),
        },
    };

    public static async Task<NodeEni> CreateNodeEniAsync(IKubernetes admin, string name, string nodeSelectorValue = "multi-eni")
    {
        var created = await admin.CustomObjects.CreateClusterCustomObjectAsync<JsonElement>(
            NodeEniManifest(name, nodeSelectorValue), NodeEni.Group, NodeEni.Version, NodeEni.Plural);
        return NodeEniJson.Deserialize(created);
    }

    /// <summary>The NodeENI as the API server has it; null when it does not exist.</summary>
    public static async Task<NodeEni?> GetNodeEniAsync(IKubernetes admin, string name)
    {
        ArgumentNullException.ThrowIfNull(admin);
        try
        {
            var json = await admin.CustomObjects.GetClusterCustomObjectAsync<JsonElement>(NodeEni.Group, NodeEni.Version, NodeEni.Plural, name);
            return NodeEniJson.Deserialize(json);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Runs a watcher in the background, recording every change it delivers; <paramref name="fails"/> as in <see cref="ChangeLog{T}"/>.</summary>
    public ChangeLog<T> Watch<T>(IResourceWatcher<T> watcher, Func<ResourceChange<T>, bool>? fails = null)
    {
        return _parts.Add(new ChangeLog<T>(watcher, fails), $"a {typeof(T).Name} watch");
    }

    public ValueTask DisposeAsync() => _parts.DisposeAsync();

    private static ValueTask DeleteDirectory(string path)
    {
        Directory.Delete(path, recursive: true);
        return ValueTask.CompletedTask;
    }
}
