using System.Collections.Concurrent;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>The silo's connections, one per registered cluster, created on first use and closed on unregister.</summary>
public sealed class ClusterConnections(IClusterConnectionFactory factory) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<IClusterConnection>> _connections = new(StringComparer.Ordinal);

    public IClusterConnection GetOrAdd(ClusterConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return _connections.GetOrAdd(settings.Name, _ => new Lazy<IClusterConnection>(() => factory.Create(settings))).Value;
    }

    public IClusterConnection? Find(string cluster) =>
        _connections.TryGetValue(cluster, out var connection) ? connection.Value : null;

    public async Task RemoveAsync(string cluster)
    {
        if (_connections.TryRemove(cluster, out var connection) && connection.IsValueCreated)
        {
            await connection.Value.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cluster in _connections.Keys.ToList())
        {
            await RemoveAsync(cluster);
        }
    }
}
