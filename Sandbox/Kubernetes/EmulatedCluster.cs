using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// One emulated Kubernetes cluster: its own API endpoint on loopback, its own objects and
/// history, and a kubeconfig pointing at it. Tests reach in through the hooks at the bottom to
/// drop watch connections or compact history, as a real API server restart or etcd compaction would.
/// </summary>
public sealed class EmulatedCluster : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private volatile string _lastAuthorization = string.Empty;

    private EmulatedCluster(string name, WebApplication app, ClusterApi api, TimeProvider clock, TimeSpan bookmarkInterval)
    {
        Name = name;
        _app = app;
        Api = api;
        Clock = clock;
        BookmarkInterval = bookmarkInterval;
    }

    public string Name { get; }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public string KubeconfigPath { get; private set; } = string.Empty;

    /// <summary>The Authorization header of the latest resource request, to check what clients send.</summary>
    public string LastAuthorization => _lastAuthorization;

    /// <summary>While true, new watch requests get 503, so a client stays disconnected.</summary>
    public bool RefusingWatches { get; set; }

    internal ClusterApi Api { get; }

    internal TimeProvider Clock { get; }

    internal TimeSpan BookmarkInterval { get; }

    internal CancellationToken Stopping => _stopping.Token;

    internal static async Task<EmulatedCluster> StartAsync(string name, int port, string stateDir, TimeSpan bookmarkInterval, TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var store = new ObjectStore(clock);
        var api = new ClusterApi(new ResourceCatalog(), store);
        foreach (var ns in BuiltInResources.InitialNamespaces)
        {
            api.Create(BuiltInResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, WriteOptions.Emulator);
        }

        var cluster = new EmulatedCluster(name, app, api, clock, bookmarkInterval);
        ApiRoutes.Map(app, cluster);
        await app.StartAsync();
        cluster.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        cluster.KubeconfigPath = await KubeconfigFile.WriteAsync(stateDir, name, cluster.Url);
        return cluster;
    }

    /// <summary>Adds a Node as a kubelet on an EC2 instance would register it.</summary>
    public void AddNode(SimulatedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Api.Create(BuiltInResources.Nodes, null, node.ToObject(), WriteOptions.Emulator);
    }

    /// <summary>How many watch streams are open right now.</summary>
    public int OpenWatches => Api.Store.OpenWatches;

    /// <summary>Ends every open watch stream; clients must reconnect.</summary>
    public void DropWatches() => Api.Store.CloseWatches();

    /// <summary>Forgets the change history, so reconnecting from an older resourceVersion gets 410 Gone.</summary>
    public void CompactHistory() => Api.Store.CompactHistory();

    /// <summary>
    /// Cuts every client off (open watches dropped, new ones refused) while <paramref name="meanwhile"/>
    /// changes the cluster, then compacts the history so returning clients get 410 Gone and must relist.
    /// </summary>
    public async Task WhileWatchesDownAsync(Func<Task> meanwhile)
    {
        ArgumentNullException.ThrowIfNull(meanwhile);
        RefusingWatches = true;
        try
        {
            DropWatches();
            await meanwhile();
            CompactHistory();
        }
        finally
        {
            RefusingWatches = false;
        }
    }

    internal void RecordAuthorization(string header) => _lastAuthorization = header;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Api.Store.CloseWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
