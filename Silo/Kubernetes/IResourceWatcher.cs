namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>A list+watch of one resource type in one cluster that survives reconnects and 410 Gone.</summary>
public interface IResourceWatcher<T>
{
    /// <summary>Whether the initial list has completed.</summary>
    bool IsSynced { get; }

    /// <summary>The objects as last observed, keyed by name.</summary>
    IReadOnlyDictionary<string, T> Snapshot { get; }

    /// <summary>Lists, then watches, calling <paramref name="onChange"/> in order, until cancelled.</summary>
    Task RunAsync(Func<ResourceChange<T>, CancellationToken, ValueTask> onChange, CancellationToken cancellationToken);
}
