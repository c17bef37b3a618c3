namespace AwsMultiEni.Silo.Kubernetes;

public enum ResourceChangeKind
{
    Added,
    Modified,
    Deleted,
}

/// <summary>
/// One observed change. Consumers are level-based: a repeated Added/Modified is harmless, and a
/// Deleted is delivered even when the deletion happened while the watch was disconnected. A change
/// the consumer throws back is delivered again at the next relist (a resync at the latest).
/// </summary>
public sealed record ResourceChange<T>(ResourceChangeKind Kind, T Object);
