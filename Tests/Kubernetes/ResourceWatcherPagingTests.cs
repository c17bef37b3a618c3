using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Silo.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>The silo's relists read a cluster in pages, every page from one snapshot, and start over when it expires.</summary>
public sealed class ResourceWatcherPagingTests
{
    private static readonly WatchSettings PagesOfTen = KubeTestEnvironment.FastWatch with { PageSize = 10 };

    [Fact]
    public async Task The_list_of_25_nodes_is_read_in_three_pages_and_every_node_delivered_once()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var names = KubeTestEnvironment.AddNodes(env[0], 25);

        var log = env.Watch(env.Connect(env[0], watch: PagesOfTen).WatchNodes());

        await Infrastructure.Poll.UntilAsync(() => log.Watcher.IsSynced, TimeSpan.FromSeconds(15), "the paged list");
        Assert.Equal([(10, false, 10), (10, true, 10), (10, true, 5)], NodeLists(env).Select(l => (l.Limit, l.Continued, l.Items)));
        Assert.Equal(names.Order(StringComparer.Ordinal), log.Changes.Select(c => c.Object.Name).Order(StringComparer.Ordinal));
        Assert.All(log.Changes, c => Assert.Equal(ResourceChangeKind.Added, c.Kind));
    }

    [Fact]
    public async Task A_continue_whose_snapshot_expired_starts_the_list_over_and_sees_what_changed_meanwhile()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var cluster = env[0];
        var names = KubeTestEnvironment.AddNodes(cluster, 25);
        var source = new ExpiringOnceSource(new NodeWatchSource(env.AdminClient(cluster)), () =>
        {
            // Between the first page and the second: a node joins and etcd compacts, so the first page's snapshot is gone.
            cluster.AddNode(SimulatedNode.ForIndex(cluster.Name, 26));
            cluster.CompactHistory();
        });
        var watcher = new ResourceWatcher<NodeFacts>(cluster.Name, source, PagesOfTen, env.KubernetesMetrics, TimeProvider.System, NullLogger.Instance);

        var log = env.Watch(watcher);

        await Infrastructure.Poll.UntilAsync(() => watcher.IsSynced, TimeSpan.FromSeconds(15), "the list started over");
        Assert.Equal([(false, 10), (false, 10), (true, 10), (true, 6)], NodeLists(env).Select(l => (l.Continued, l.Items)));
        Assert.Equal(1, env.Metrics.Total("kubernetes_watch_restarts_total", ("reason", "expired")));
        Assert.Equal(names.Append(SimulatedNode.ForIndex(cluster.Name, 26).Name).Order(StringComparer.Ordinal), log.Changes.Select(c => c.Object.Name).Order(StringComparer.Ordinal));
    }

    private static List<ServedList> NodeLists(KubeTestEnvironment env) => [.. env[0].Lists.Where(l => l.Resource == "nodes")];

    /// <summary>The real source, with something done to the cluster just before the first page that continues a list.</summary>
    private sealed class ExpiringOnceSource(IWatchSource<NodeFacts> inner, Action beforeFirstContinue) : IWatchSource<NodeFacts>
    {
        private int _continued;

        public string Resource => inner.Resource;

        public string NameOf(NodeFacts item) => inner.NameOf(item);

        public string VersionOf(NodeFacts item) => inner.VersionOf(item);

        public Task<ListPage<NodeFacts>> ListAsync(int limit, string? continueToken, CancellationToken cancellationToken)
        {
            if (continueToken is not null && Interlocked.Exchange(ref _continued, 1) == 0)
            {
                beforeFirstContinue();
            }

            return inner.ListAsync(limit, continueToken, cancellationToken);
        }

        public IAsyncEnumerable<WatchItem<NodeFacts>> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
            inner.WatchAsync(resourceVersion, timeoutSeconds, onError, cancellationToken);
    }
}
