using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// Writes to NodeENIs. Every write is conditional on the resourceVersion it was computed from
/// and retried on a fresh read after a conflict, so it never overwrites someone else's change.
/// Each returns the object as written, or null when the NodeENI no longer exists.
/// </summary>
public interface INodeEniWriter
{
    Task<NodeEni?> GetAsync(string name, CancellationToken cancellationToken);

    Task<NodeEni?> AddFinalizerAsync(string name, CancellationToken cancellationToken);

    Task<NodeEni?> RemoveFinalizerAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the status to what <paramref name="compute"/> makes of the current object (null: leave it).
    /// <c>attachmentCount</c> is kept equal to the number of attachments.
    /// </summary>
    Task<NodeEni?> UpdateStatusAsync(string name, Func<NodeEni, NodeEniStatus?> compute, CancellationToken cancellationToken);
}
