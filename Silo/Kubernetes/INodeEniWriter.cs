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

    /// <summary>Creates the NodeENI with <paramref name="spec"/>, or replaces the spec of the existing one.</summary>
    Task<NodeEni> ApplySpecAsync(string name, NodeEniSpec spec, CancellationToken cancellationToken);

    /// <summary>Asks the API server to delete the NodeENI (its finalizer holds it until its ENIs are gone); false when there was none.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    Task<NodeEni?> AddFinalizerAsync(string name, CancellationToken cancellationToken);

    Task<NodeEni?> RemoveFinalizerAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the status to what <paramref name="compute"/> makes of the current object (null: leave it).
    /// <c>attachmentCount</c> is kept equal to the number of attachments.
    /// </summary>
    Task<NodeEni?> UpdateStatusAsync(string name, Func<NodeEni, NodeEniStatus?> compute, CancellationToken cancellationToken);
}
