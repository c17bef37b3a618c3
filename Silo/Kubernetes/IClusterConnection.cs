using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>Everything the fleet does with one cluster's API, with no KubernetesClient type in sight.</summary>
public interface IClusterConnection : IAsyncDisposable
{
    string Cluster { get; }

    IResourceWatcher<NodeFacts> Nodes { get; }

    IResourceWatcher<NodeEni> NodeEnis { get; }

    INodeEniWriter NodeEniWriter { get; }

    IEventRecorder Events { get; }
}
