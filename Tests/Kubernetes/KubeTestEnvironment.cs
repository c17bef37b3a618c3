using System.Text.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>
/// An in-process Kubernetes API emulator with the NodeENI CRD installed, in a temporary state
/// directory, plus what tests need around it: an admin client per cluster for the "someone
/// else" side of a test, and silo connections whose metrics are captured.
/// </summary>
internal sealed class KubeTestEnvironment : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IAsyncDisposable> _owned = [];

    private KubeTestEnvironment(KubeEmulator emulator, string stateDir, ServiceProvider services)
    {
        Emulator = emulator;
        StateDir = stateDir;
        _services = services;
        Metrics = new MetricsProbe(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        KubernetesMetrics = services.GetRequiredService<KubernetesMetrics>();
    }

    public static WatchSettings FastWatch { get; } = new() { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) };

    public KubeEmulator Emulator { get; }

    public string StateDir { get; }

    public MetricsProbe Metrics { get; }

    public KubernetesMetrics KubernetesMetrics { get; }

    public EmulatedCluster this[int index] => Emulator.Clusters[index];

    public static async Task<KubeTestEnvironment> StartAsync(int clusters = 1, bool installCrd = true, IReadOnlyList<string>? names = null)
    {
        var stateDir = Directory.CreateTempSubdirectory("kube-test-").FullName;
        var emulator = await KubeEmulator.StartAsync(new KubeEmulatorOptions(clusters, stateDir)
        {
            Names = names,
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
        });
        var services = new ServiceCollection().AddClusterConnections().BuildServiceProvider();
        var environment = new KubeTestEnvironment(emulator, stateDir, services);
        if (installCrd)
        {
            foreach (var cluster in emulator.Clusters)
            {
                await environment.ApplyCrdAsync(cluster);
            }
        }

        return environment;
    }

    public IKubernetes AdminClient(EmulatedCluster cluster)
    {
        var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath));
        _owned.Add(new DisposeAction(client.Dispose));
        return client;
    }

    public IClusterConnection Connect(EmulatedCluster cluster, TimeProvider? clock = null)
    {
        var connection = ClusterConnection.Create(
            new ClusterConnectionSettings(cluster.Name) { KubeconfigPath = cluster.KubeconfigPath, Watch = FastWatch },
            KubernetesMetrics,
            NullLoggerFactory.Instance,
            clock);
        _owned.Add(connection);
        return connection;
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

    /// <summary>Runs a watcher in the background, recording every change it delivers.</summary>
    public ChangeLog<T> Watch<T>(IResourceWatcher<T> watcher)
    {
        var log = new ChangeLog<T>(watcher);
        _owned.Add(log);
        return log;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        Metrics.Dispose();
        await _services.DisposeAsync();
        await Emulator.DisposeAsync();
        Directory.Delete(StateDir, recursive: true);
    }

    private sealed class DisposeAction(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
