using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AwsMultiEni.Sandbox.Kubernetes.Access;
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
    /// <summary>Enough to see a few relists of a large cluster page by page (or many denials); a long-running Sandbox keeps no more.</summary>
    private const int ListsKept = 1000;

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<ServedList> _lists = new();
    private readonly ConcurrentQueue<string> _denials = new();
    private volatile string _lastAuthorization = string.Empty;

    private EmulatedCluster(string name, WebApplication app, ClusterApi api, TimeProvider clock, TimeSpan bookmarkInterval)
    {
        Name = name;
        Authenticator = new Authenticator();
        Authorizer = new RbacAuthorizer(api.Store);
        Tokens = new ServiceAccountTokens(api.Store, clock);
        _app = app;
        Api = api;
        Clock = clock;
        BookmarkInterval = bookmarkInterval;
    }

    public string Name { get; }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The cluster admin's kubeconfig: what a person at the keyboard uses.</summary>
    public string KubeconfigPath { get; private set; } = string.Empty;

    /// <summary>The silo set's identity (user <c>awsmultieni-silo</c>, group <c>awsmultieni:silo</c>), held to the cluster's RBAC.</summary>
    public string SiloKubeconfigPath { get; private set; } = string.Empty;

    /// <summary>The node agent's identity (ServiceAccount <c>awsmultieni-node/awsmultieni-agent</c>), held to the cluster's RBAC.</summary>
    public string AgentKubeconfigPath { get; private set; } = string.Empty;

    /// <summary>The Authorization header of the latest resource request, to check what clients send.</summary>
    public string LastAuthorization => _lastAuthorization;

    /// <summary>The latest list requests served (the last 1,000), oldest first: how clients page.</summary>
    public IReadOnlyList<ServedList> Lists => [.. _lists];

    /// <summary>
    /// What RBAC refused (403), oldest first, each as the API server's message, which names the user, verb, resource and
    /// scope (the last 1,000; also <c>GET /_emulator/denials</c>): a world that should need no more than the shipped RBAC shows none.
    /// </summary>
    public IReadOnlyList<string> Denials => [.. _denials];

    /// <summary>While true, new watch requests get 503, so a client stays disconnected.</summary>
    public bool RefusingWatches { get; set; }

    internal ClusterApi Api { get; }

    internal Authenticator Authenticator { get; }

    internal RbacAuthorizer Authorizer { get; }

    internal ServiceAccountTokens Tokens { get; }

    internal TimeProvider Clock { get; }

    internal TimeSpan BookmarkInterval { get; }

    internal CancellationToken Stopping => _stopping.Token;

    internal static async Task<EmulatedCluster> StartAsync(string name, int port, string stateDir, TimeSpan bookmarkInterval, TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        // The admin's endpoint at the port asked for; the silo's and the agent's each at a free one (see Authenticator).
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, port);
            k.Listen(System.Net.IPAddress.Loopback, 0);
            k.Listen(System.Net.IPAddress.Loopback, 0);
        });
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
        var endpoints = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        // Kestrel reports its endpoints in the order they were configured.
        var (admin, silo, agent) = (endpoints[0], endpoints[1], endpoints[2]);
        cluster.Authenticator.Listen(admin.Port, Identity.Admin);
        cluster.Authenticator.Listen(silo.Port, Identity.Silo);
        cluster.Authenticator.Listen(agent.Port, Identity.Agent);
        cluster.Url = admin;
        cluster.KubeconfigPath = await KubeconfigFile.WriteAsync(stateDir, name, admin, string.Empty, "admin");
        cluster.SiloKubeconfigPath = await KubeconfigFile.WriteAsync(stateDir, name, silo, "-as-silo", "silo");
        cluster.AgentKubeconfigPath = await KubeconfigFile.WriteAsync(stateDir, name, agent, "-as-agent", "agent");
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

    /// <summary>
    /// The watch streams open now stay open but deliver nothing more, neither changes nor bookmarks, as over a
    /// connection that went half-open; watches opened later are served as usual.
    /// </summary>
    public void SilenceWatches() => Api.Store.SilenceWatches();

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

    internal void RecordList(ServedList list) => KeepLatest(_lists, list);

    internal void RecordDenial(string message) => KeepLatest(_denials, message);

    private static void KeepLatest<T>(ConcurrentQueue<T> queue, T item)
    {
        queue.Enqueue(item);
        while (queue.Count > ListsKept)
        {
            queue.TryDequeue(out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Api.Store.CloseWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
