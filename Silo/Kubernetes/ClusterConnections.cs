using System.Collections.Concurrent;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// The silo's open connections, one per cluster, shared by that cluster's grains running here. A connection belongs
/// to the settings it was opened with: when a cluster is registered again with other settings (its endpoint moved,
/// another kubeconfig), the next use on any silo opens a new connection and closes the old one, so no grain keeps
/// talking to where the cluster used to be.
/// </summary>
public sealed class ClusterConnections(IClusterConnectionFactory factory) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _connections = new(StringComparer.Ordinal);

    /// <summary>The settings of every connection open on this silo.</summary>
    public IReadOnlyList<ClusterConnectionSettings> Open => [.. _connections.Values.Select(e => e.Settings)];

    public async ValueTask<IClusterConnection> GetAsync(ClusterConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        while (true)
        {
            var entry = _connections.GetOrAdd(settings.Name, _ => new Entry(settings, factory));
            if (entry.Settings != settings)
            {
                if (_connections.TryUpdate(settings.Name, new Entry(settings, factory), entry))
                {
                    await entry.CloseAsync();
                }

                continue;
            }

            try
            {
                return entry.Connection.Value;
            }
            catch
            {
                // Lazy keeps a failure: forget it, so the next use tries again (the kubeconfig may appear, the credentials refresh).
                _connections.TryRemove(KeyValuePair.Create(settings.Name, entry));
                throw;
            }
        }
    }

    /// <summary>Closes the connection opened with <paramref name="settings"/>, if it is still the cluster's.</summary>
    public async Task CloseAsync(ClusterConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (_connections.TryGetValue(settings.Name, out var entry) && entry.Settings == settings
            && _connections.TryRemove(KeyValuePair.Create(settings.Name, entry)))
        {
            await entry.CloseAsync();
        }
    }

    public async Task RemoveAsync(string cluster)
    {
        if (_connections.TryRemove(cluster, out var entry))
        {
            await entry.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cluster in _connections.Keys.ToList())
        {
            await RemoveAsync(cluster);
        }
    }

    /// <summary>One cluster's connection, opened on first use.</summary>
    private sealed class Entry(ClusterConnectionSettings settings, IClusterConnectionFactory factory)
    {
        public ClusterConnectionSettings Settings { get; } = settings;

        public Lazy<IClusterConnection> Connection { get; } = new(() => factory.Create(settings));

        public ValueTask CloseAsync() => Connection.IsValueCreated ? Connection.Value.DisposeAsync() : ValueTask.CompletedTask;
    }
}
