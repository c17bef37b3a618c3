namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>How many clusters to emulate and where.</summary>
/// <param name="Clusters">Number of clusters, named <c>sandbox-1</c>, <c>sandbox-2</c>, … unless <see cref="Names"/> says otherwise.</param>
/// <param name="StateDir">Where each cluster's kubeconfig is written.</param>
/// <param name="BasePort">Cluster i (from 0) listens on <c>BasePort + i</c>; 0 lets the OS pick free ports.</param>
/// <param name="NodesPerCluster">Simulated nodes each cluster starts with.</param>
public sealed record KubeEmulatorOptions(int Clusters, string StateDir, int BasePort = 0, int NodesPerCluster = 0)
{
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>How often an idle watch that asked for bookmarks gets one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public string ClusterName(int index) => Names is { } names ? names[index] : $"sandbox-{index + 1}";
}

/// <summary>The Kubernetes API emulator: one <see cref="EmulatedCluster"/> per simulated cluster.</summary>
public sealed class KubeEmulator : IAsyncDisposable
{
    private readonly List<EmulatedCluster> _clusters;

    private KubeEmulator(List<EmulatedCluster> clusters) => _clusters = clusters;

    public IReadOnlyList<EmulatedCluster> Clusters => _clusters;

    public EmulatedCluster this[string name] => _clusters.Single(c => c.Name == name);

    public static async Task<KubeEmulator> StartAsync(KubeEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clusters = new List<EmulatedCluster>();
        try
        {
            for (var i = 0; i < options.Clusters; i++)
            {
                var name = options.ClusterName(i);
                var cluster = await EmulatedCluster.StartAsync(name, options.BasePort == 0 ? 0 : options.BasePort + i, options.StateDir, options.BookmarkInterval, options.Clock);
                clusters.Add(cluster);
                for (var n = 1; n <= options.NodesPerCluster; n++)
                {
                    cluster.AddNode(SimulatedNode.ForIndex(name, n));
                }
            }
        }
        catch
        {
            foreach (var started in clusters)
            {
                await started.DisposeAsync();
            }

            throw;
        }

        return new KubeEmulator(clusters);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }
    }
}
