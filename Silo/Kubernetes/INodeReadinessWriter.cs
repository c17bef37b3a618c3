namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>Tells the scheduler a node's secondary network is ready: the fleet's startup taint off, its ready label on.</summary>
public interface INodeReadinessWriter
{
    /// <summary>
    /// Removes <paramref name="taint"/> (<c>key:effect</c>) from <paramref name="node"/>, and no other taint, and sets
    /// <paramref name="readyLabel"/> to <c>true</c> unless it is empty. False when there was nothing to change, the node
    /// is gone, or it changed since it was read (the next check reads it again).
    /// </summary>
    Task<bool> MarkReadyAsync(string node, string taint, string readyLabel, CancellationToken cancellationToken);
}
