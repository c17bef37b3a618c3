using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Dashboard.Fleet;

/// <summary>
/// Reads the fleet through the grain contracts: the clusters, each cluster's NodeENIs, and each NodeENI's
/// status. A failed call (a silo down, a grain not deployed yet) becomes a problem in the snapshot, never
/// an exception, so one broken cluster does not blank the page.
/// </summary>
public sealed class FleetReader(IClusterClient grains)
{
    public async Task<FleetSnapshot> ReadAsync()
    {
        var (clusters, problem) = await CallAsync(() => grains.GetGrain<IFleetGrain>(IFleetGrain.Key).ListClusters(), "list the fleet's clusters");
        if (clusters is null)
        {
            return new FleetSnapshot(null, [], [problem!]);
        }

        var reads = await Task.WhenAll(clusters.Select(c => ReadClusterAsync(c.Registration.Name)));
        return new FleetSnapshot(clusters, [.. reads.SelectMany(r => r.NodeEnis)], [.. reads.SelectMany(r => r.Problems)]);
    }

    private async Task<(List<NodeEniView> NodeEnis, List<string> Problems)> ReadClusterAsync(string cluster)
    {
        var (names, problem) = await CallAsync(() => grains.GetGrain<IClusterGrain>(cluster).ListNodeEnis(), $"list the NodeENIs of cluster {cluster}");
        if (names is null)
        {
            return ([], [problem!]);
        }

        var reads = await Task.WhenAll(names.Order(StringComparer.Ordinal).Select(name =>
            CallAsync(() => grains.GetGrain<INodeEniGrain>(GrainKey.Join(cluster, name)).Get(), $"read NodeENI {name} of cluster {cluster}")));
        return (
            [.. reads.Where(r => r.Value is not null).Select(r => new NodeEniView(cluster, r.Value!))],
            [.. reads.Where(r => r.Problem is not null).Select(r => r.Problem!)]);
    }

    /// <summary>The call's result, or null and what failed; the dashboard shows grain failures instead of dying of them.</summary>
    internal static async Task<(T? Value, string? Problem)> CallAsync<T>(Func<Task<T>> call, string what)
        where T : class?
    {
        try
        {
            return (await call(), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"Cannot {what}: {ex.Message}");
        }
    }
}
