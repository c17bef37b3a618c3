namespace AwsMultiEni.Silo.Kubernetes;

public enum ResourceChangeKind
{
    Added,
    Modified,
    Deleted,
}

/// <summary>
/// One observed change. Consumers are level-based: a repeated Added/Modified is harmless, and a
/// Deleted is delivered even when the deletion happened while the watch was disconnected.
/// </summary>
public sealed record ResourceChange<T>(ResourceChangeKind Kind, T Object);
