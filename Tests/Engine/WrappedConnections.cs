using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Kubernetes;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Tests.Engine;

/// <summary>Real cluster connections whose NodeENI writer is wrapped, so a test can interrupt a status write.</summary>
internal sealed class WrappedConnections(WatchSettings watch, KubernetesMetrics metrics, ILoggerFactory loggers, TimeProvider clock, Func<INodeEniWriter, INodeEniWriter> wrap) : IClusterConnectionFactory
{
    public IClusterConnection Create(ClusterConnectionSettings settings)
    {
        var connection = ClusterConnection.Create(settings, watch, metrics, loggers, clock);
        return new Connection(connection, wrap(connection.NodeEniWriter));
    }

    private sealed class Connection(IClusterConnection inner, INodeEniWriter writer) : IClusterConnection
    {
        public string Cluster => inner.Cluster;

        public IResourceWatcher<NodeFacts> WatchNodes() => inner.WatchNodes();

        public IResourceWatcher<NodeEni> WatchNodeEnis() => inner.WatchNodeEnis();

        public Task<bool> NodeExistsAsync(string name, CancellationToken cancellationToken) => inner.NodeExistsAsync(name, cancellationToken);

        public IClusterLease Lease(string ns, string name) => inner.Lease(ns, name);

        public INodeEniWriter NodeEniWriter => writer;

        public IEventRecorder Events => inner.Events;

        public INodeReadinessWriter NodeReadiness => inner.NodeReadiness;

        public ITokenReviewer TokenReviews => inner.TokenReviews;

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
