using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Grains.Attachments;
using Orleans.Concurrency;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>
/// Signals that make a NodeEniGrain reconcile or refresh its status. One-way, because the senders (the ClusterGrain,
/// the AttachmentGrains, the NodeGrains) are themselves called by the NodeEniGrain and must never wait on it.
/// </summary>
public interface INodeEniReconciler : IGrainWithStringKey
{
    /// <summary>The object as the cluster has it now; null when it is gone from the cluster.</summary>
    [OneWay]
    Task Observe(NodeEni? nodeEni);

    /// <summary>A node this NodeENI selects, or selected, changed.</summary>
    [OneWay]
    Task NodesChanged();

    /// <summary>An AttachmentGrain of this NodeENI moved on; <paramref name="view"/> is how it looks now.</summary>
    [OneWay]
    Task AttachmentChanged(string node, AttachmentView view);

    /// <summary>The agent of <paramref name="node"/> reported a change to one of this NodeENI's ENIs.</summary>
    [OneWay]
    Task NodeReported(string node);

    /// <summary>
    /// Which of <paramref name="nodes"/> (nodes this NodeENI's selector matches) have every ENI of this NodeENI attached
    /// and configured by their agent. Interleaved and read-only: the startup taint's check asks, and it never calls back.
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlySet<string>> ConvergedNodes(IReadOnlyList<string> nodes);

    /// <summary>The cluster's index (re)activated: send it every row of this NodeENI.</summary>
    [OneWay]
    Task ResendIndex();

    /// <summary>The drift check's describe: every ENI tagged with this NodeENI, hand them to the nodes' attachments.</summary>
    [OneWay]
    Task Verify(IReadOnlyList<ObservedEni> observed, DateTimeOffset describedAt);
}
