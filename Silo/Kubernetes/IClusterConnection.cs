using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>Everything the fleet does with one cluster's API, with no KubernetesClient type in sight.</summary>
public interface IClusterConnection : IAsyncDisposable
{
    string Cluster { get; }

    /// <summary>
    /// A new list+watch of the cluster's Nodes, knowing nothing yet: each activation of the cluster's watch starts
    /// from a complete list of its own, never from what an earlier one had seen.
    /// </summary>
    IResourceWatcher<NodeFacts> WatchNodes();

    /// <summary>A new list+watch of the cluster's NodeENIs, knowing nothing yet.</summary>
    IResourceWatcher<NodeEni> WatchNodeEnis();

    /// <summary>Whether the API server has the Node now (a read, not a watcher's memory): false only on 404.</summary>
    Task<bool> NodeExistsAsync(string name, CancellationToken cancellationToken);

    /// <summary>The Lease <paramref name="name"/> in <paramref name="ns"/>, by which one silo set at a time manages the cluster.</summary>
    IClusterLease Lease(string ns, string name);

    INodeEniWriter NodeEniWriter { get; }

    INodeReadinessWriter NodeReadiness { get; }

    IEventRecorder Events { get; }

    /// <summary>Who callers of the fleet are, as this cluster knows its ServiceAccount tokens.</summary>
    ITokenReviewer TokenReviews { get; }
}
