using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Dashboard.Fleet;

/// <summary>
/// Reads the fleet through the grain contracts: the clusters, each cluster's NodeENIs, each NodeENI's
/// status, and the agent report of every node with an attachment. A failed call (a silo down, a grain not deployed yet) becomes a problem in the snapshot, never
/// an exception, so one broken cluster does not blank the page.
/// </summary>
public sealed class FleetReader(IClusterClient grains)
{
    public async Task<FleetSnapshot> ReadAsync()
    {
        var (clusters, problem) = await CallAsync(() => grains.GetGrain<IFleetGrain>(IFleetGrain.Key).ListClusters(), "list the fleet's clusters");
        if (clusters is null)
        {
            return new FleetSnapshot(null, [], [problem!], new Dictionary<string, NodeInterfaceReport>());
        }

        var reads = await Task.WhenAll(clusters.Select(c => ReadClusterAsync(c.Registration.Name)));
        var nodeEnis = reads.SelectMany(r => r.NodeEnis).ToList();
        var nodes = nodeEnis.SelectMany(n => n.Attachments).Select(a => a.NodeKey).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var reports = await Task.WhenAll(nodes.Select(node =>
            CallAsync(() => grains.GetGrain<INodeGrain>(node).GetReport(), $"read the agent report of node {node}")));
        return new FleetSnapshot(
            clusters,
            nodeEnis,
            [.. reads.SelectMany(r => r.Problems), .. reports.Where(r => r.Problem is not null).Select(r => r.Problem!)],
            nodes.Zip(reports).Where(r => r.Second.Value is not null).ToDictionary(r => r.First, r => r.Second.Value!, StringComparer.Ordinal));
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
