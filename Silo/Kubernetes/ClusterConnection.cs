using Amazon.Runtime;
using AwsMultiEni.Abstractions.NodeEnis;
using k8s;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>The connection to one registered cluster: one KubernetesClient shared by its watchers and writers.</summary>
public sealed class ClusterConnection : IClusterConnection
{
    private readonly IKubernetes _client;
    private readonly WatchSettings _watch;
    private readonly KubernetesMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    private ClusterConnection(string cluster, IKubernetes client, WatchSettings watch, KubernetesMetrics metrics, TimeProvider clock, ILoggerFactory loggers)
    {
        Cluster = cluster;
        _client = client;
        _watch = watch;
        _metrics = metrics;
        _clock = clock;
        _logger = loggers.CreateLogger<ClusterConnection>();
        NodeEniWriter = new NodeEniWriter(cluster, client, metrics, _logger);
        Events = new EventRecorder(cluster, client, clock, _logger);
        NodeReadiness = new NodeReadinessWriter(client);
        TokenReviews = new TokenReviewer(client);
    }

    public string Cluster { get; }

    public INodeEniWriter NodeEniWriter { get; }

    public IEventRecorder Events { get; }

    public INodeReadinessWriter NodeReadiness { get; }

    public ITokenReviewer TokenReviews { get; }

    /// <param name="watch">How this connection's watchers list, watch and resync: the silo's <c>Kubernetes:Watch</c>.</param>
    /// <param name="awsCredentials">For EKS clusters; the SDK's default credential chain when null.</param>
    public static ClusterConnection Create(
        ClusterConnectionSettings settings, WatchSettings watch, KubernetesMetrics metrics, ILoggerFactory loggers, TimeProvider? clock = null, AWSCredentials? awsCredentials = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(loggers);
        clock ??= TimeProvider.System;
        var client = KubernetesClientFactory.Create(settings, metrics, clock, awsCredentials);
        return new ClusterConnection(settings.Name, client, watch, metrics, clock, loggers);
    }

    public IResourceWatcher<NodeFacts> WatchNodes() => new ResourceWatcher<NodeFacts>(Cluster, new NodeWatchSource(_client), _watch, _metrics, _clock, _logger);

    public IResourceWatcher<NodeEni> WatchNodeEnis() => new ResourceWatcher<NodeEni>(Cluster, new NodeEniWatchSource(_client), _watch, _metrics, _clock, _logger);

    public IClusterLease Lease(string ns, string name) => new ClusterLease(_client, ns, name, _clock);

    public async Task<bool> NodeExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
