using Amazon.Runtime;
using AwsMultiEni.Abstractions.NodeEnis;
using k8s;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>The connection to one registered cluster: one KubernetesClient shared by its watchers and writers.</summary>
public sealed class ClusterConnection : IClusterConnection
{
    private readonly IKubernetes _client;

    private ClusterConnection(string cluster, IKubernetes client, WatchSettings watch, KubernetesMetrics metrics, TimeProvider clock, ILoggerFactory loggers)
    {
        Cluster = cluster;
        _client = client;
        var logger = loggers.CreateLogger<ClusterConnection>();
        Nodes = new ResourceWatcher<NodeFacts>(cluster, new NodeWatchSource(client), watch, metrics, logger);
        NodeEnis = new ResourceWatcher<NodeEni>(cluster, new NodeEniWatchSource(client), watch, metrics, logger);
        NodeEniWriter = new NodeEniWriter(cluster, client, metrics, logger);
        Events = new EventRecorder(cluster, client, clock, logger);
    }

    public string Cluster { get; }

    public IResourceWatcher<NodeFacts> Nodes { get; }

    public IResourceWatcher<NodeEni> NodeEnis { get; }

    public INodeEniWriter NodeEniWriter { get; }

    public IEventRecorder Events { get; }

    /// <param name="awsCredentials">For EKS clusters; the SDK's default credential chain when null.</param>
    public static ClusterConnection Create(
        ClusterConnectionSettings settings, KubernetesMetrics metrics, ILoggerFactory loggers, TimeProvider? clock = null, AWSCredentials? awsCredentials = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        clock ??= TimeProvider.System;
        var client = KubernetesClientFactory.Create(settings, metrics, clock, awsCredentials);
        return new ClusterConnection(settings.Name, client, settings.Watch, metrics, clock, loggers);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
