using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;
using Orleans;
using Orleans.Runtime;

namespace AwsMultiEni.Client.Fleet;

/// <summary>
/// The fleet's common tasks over its grains: clusters, NodeENIs, attachments, history and agent reports. Every
/// call takes a cancellation token; every failure arrives as a <see cref="FleetException"/> saying what could not
/// be done and why.
/// </summary>
public sealed class FleetClient(IClusterClient grains)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private IFleetGrain Fleet => grains.GetGrain<IFleetGrain>(IFleetGrain.Key);

    public Task RegisterClusterAsync(ClusterRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return CallAsync(async () => { await Fleet.Register(registration); return true; }, $"register cluster {registration.Name}", cancellationToken);
    }

    /// <summary>Stops watching the cluster; its ENIs and NodeENIs stay as they are.</summary>
    public async Task UnregisterClusterAsync(string cluster, CancellationToken cancellationToken = default)
    {
        if (!await CallAsync(() => Fleet.Unregister(cluster), $"unregister cluster {cluster}", cancellationToken))
        {
            throw NotFound($"Cluster '{cluster}' is not registered with the fleet.");
        }
    }

    public Task<IReadOnlyList<ClusterSummary>> ListClustersAsync(CancellationToken cancellationToken = default) =>
        CallAsync(() => Fleet.ListClusters(), "list the fleet's clusters", cancellationToken);

    public async Task<ClusterSummary> GetClusterAsync(string cluster, CancellationToken cancellationToken = default) =>
        (await ListClustersAsync(cancellationToken)).FirstOrDefault(c => c.Registration.Name == cluster)
        ?? throw NotFound($"Cluster '{cluster}' is not registered with the fleet.");

    /// <summary>The cluster's NodeENIs with their status, by name.</summary>
    public async Task<IReadOnlyList<NodeEni>> ListNodeEnisAsync(string cluster, CancellationToken cancellationToken = default)
    {
        await GetClusterAsync(cluster, cancellationToken);
        var names = await CallAsync(() => grains.GetGrain<IClusterGrain>(cluster).ListNodeEnis(), $"list the NodeENIs of cluster {cluster}", cancellationToken);
        var nodeEnis = new List<NodeEni>();
        foreach (var name in names)
        {
            if (await CallAsync(() => NodeEniGrain(cluster, name).Get(), $"read NodeENI {name} of cluster {cluster}", cancellationToken) is { } nodeEni)
            {
                nodeEnis.Add(nodeEni);
            }
        }

        return nodeEnis;
    }

    public async Task<NodeEni> GetNodeEniAsync(string cluster, string name, CancellationToken cancellationToken = default)
    {
        await GetClusterAsync(cluster, cancellationToken);
        return await CallAsync(() => NodeEniGrain(cluster, name).Get(), $"read NodeENI {name} of cluster {cluster}", cancellationToken)
            ?? throw NotFound($"Cluster '{cluster}' has no NodeENI '{name}'.");
    }

    /// <summary>Creates the NodeENI in the cluster, or changes its spec, as <c>kubectl apply</c> would; returns it as the cluster now has it.</summary>
    public async Task<NodeEni> ApplyNodeEniAsync(string cluster, string name, NodeEniSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await GetClusterAsync(cluster, cancellationToken);
        await CallAsync(async () => { await NodeEniGrain(cluster, name).Apply(spec); return true; }, $"apply NodeENI {name} to cluster {cluster}", cancellationToken);
        return await GetNodeEniAsync(cluster, name, cancellationToken);
    }

    /// <summary>Deletes the NodeENI; the fleet detaches and deletes its ENIs before the object goes.</summary>
    public async Task DeleteNodeEniAsync(string cluster, string name, CancellationToken cancellationToken = default)
    {
        await GetNodeEniAsync(cluster, name, cancellationToken);
        await CallAsync(async () => { await NodeEniGrain(cluster, name).Delete(); return true; }, $"delete NodeENI {name} of cluster {cluster}", cancellationToken);
    }

    /// <summary>
    /// Waits until the NodeENI is Ready for its current spec (its Ready condition True at the object's generation),
    /// reporting each new state to <paramref name="progress"/>; cancel the token to stop waiting.
    /// </summary>
    public async Task<NodeEni> WaitUntilReadyAsync(string cluster, string name, IProgress<NodeEni>? progress = null, CancellationToken cancellationToken = default)
    {
        string? last = null;
        while (true)
        {
            var nodeEni = await GetNodeEniAsync(cluster, name, cancellationToken);
            var ready = nodeEni.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready);
            var seen = $"{ready?.Status}/{ready?.Reason}/{nodeEni.Status?.Attachments?.Count(a => a.Status == AttachmentRow.Attached)}";
            if (seen != last)
            {
                progress?.Report(nodeEni);
                last = seen;
            }

            if (ready is { Status: "True" } && ready.ObservedGeneration == nodeEni.Metadata.Generation)
            {
                return nodeEni;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Waits until the NodeENI is gone from the cluster: after a delete, that is once the fleet released its ENIs.</summary>
    public async Task WaitUntilGoneAsync(string cluster, string name, CancellationToken cancellationToken = default)
    {
        await GetClusterAsync(cluster, cancellationToken);
        while (await CallAsync(() => NodeEniGrain(cluster, name).Get(), $"read NodeENI {name} of cluster {cluster}", cancellationToken) is not null)
        {
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Every attachment of the NodeENIs, filtered by <paramref name="query"/>, ordered by key: from their grains, which
    /// list them all, where a large NodeENI's status lists only the first <see cref="NodeEniStatus.AttachmentLimit"/>.
    /// </summary>
    public async Task<IReadOnlyList<AttachmentRow>> ListAttachmentsAsync(AttachmentQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new AttachmentQuery();
        var clusters = query.Cluster is { } only
            ? [(await GetClusterAsync(only, cancellationToken)).Registration.Name]
            : (await ListClustersAsync(cancellationToken)).Select(c => c.Registration.Name).ToList();
        var rows = new List<AttachmentRow>();
        foreach (var cluster in clusters)
        {
            var nodeEnis = query.NodeEni is { } name ? [await GetNodeEniAsync(cluster, name, cancellationToken)] : await ListNodeEnisAsync(cluster, cancellationToken);
            foreach (var nodeEni in nodeEnis)
            {
                var attachments = await CallAsync(() => NodeEniGrain(cluster, nodeEni.Name).ListAttachments(), $"list the attachments of NodeENI {nodeEni.Name} of cluster {cluster}", cancellationToken);
                rows.AddRange(attachments.Select(a => new AttachmentRow(cluster, nodeEni.Name, a)).Where(query.Matches));
            }
        }

        return [.. rows.OrderBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.Attachment.DeviceIndex)];
    }

    /// <summary>The attachment's lifecycle transitions, oldest first, and its last error.</summary>
    public async Task<AttachmentHistory> GetAttachmentHistoryAsync(string cluster, string nodeEni, string node, CancellationToken cancellationToken = default)
    {
        var key = GrainKey.Join(cluster, nodeEni, node);
        var history = await CallAsync(() => grains.GetGrain<IAttachmentGrain>(key).GetHistory(), $"read the history of attachment {key}", cancellationToken);
        return history.Transitions.Count == 0 && history.LastError is null
            ? throw NotFound($"Attachment '{key}' has no history: the NodeENI never selected that node, or its ENIs were released and the record cleared.")
            : history;
    }

    /// <summary>What the node's agent last reported; null when it has not reported yet.</summary>
    public Task<NodeInterfaceReport?> GetNodeReportAsync(string cluster, string node, CancellationToken cancellationToken = default)
    {
        var key = GrainKey.Join(cluster, node);
        return CallAsync(() => grains.GetGrain<INodeGrain>(key).GetReport(), $"read the agent report of node {key}", cancellationToken);
    }

    private INodeEniGrain NodeEniGrain(string cluster, string name) => grains.GetGrain<INodeEniGrain>(GrainKey.Join(cluster, name));

    private static FleetException NotFound(string message) => new(FleetErrorKind.NotFound, message);

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new FleetException(FleetErrorKind.Refused, $"Cannot {what}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
        {
            throw new FleetException(FleetErrorKind.Unavailable, $"Cannot {what}: no silo answered ({ex.Message}).", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OrleansException)
        {
            throw new FleetException(FleetErrorKind.Refused, $"Cannot {what}: {ex.Message}", ex);
        }
    }
}
