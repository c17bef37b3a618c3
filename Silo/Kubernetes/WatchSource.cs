using System.Text.Json;
using AwsMultiEni.Abstractions.NodeEnis;
using k8s;
using k8s.Models;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>One item of a watch stream: a change, or a bookmark carrying only a resourceVersion.</summary>
internal sealed record WatchItem<T>(WatchEventType Type, T? Object, string ResourceVersion);

/// <summary>
/// One page of a list: its items, the resourceVersion the list is read at (the same on every page of it) and the
/// token for the next page, null on the last.
/// </summary>
internal sealed record ListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue)
{
    /// <summary>The API server may send an empty token on the last page; here the last page has none.</summary>
    public string? Continue { get; } = string.IsNullOrEmpty(Continue) ? null : Continue;
}

/// <summary>The list and watch calls of one resource type, mapped to the port's records.</summary>
internal interface IWatchSource<T>
{
    string Resource { get; }

    string NameOf(T item);

    string VersionOf(T item);

    /// <summary>At most <paramref name="limit"/> items, from where <paramref name="continueToken"/> says (the start when null).</summary>
    Task<ListPage<T>> ListAsync(int limit, string? continueToken, CancellationToken cancellationToken);

    IAsyncEnumerable<WatchItem<T>> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);
}

/// <summary>Nodes through the typed core/v1 API.</summary>
internal sealed class NodeWatchSource(IKubernetes client) : IWatchSource<NodeFacts>
{
    public string Resource => "nodes";

    public string NameOf(NodeFacts item) => item.Name;

    public string VersionOf(NodeFacts item) => item.ResourceVersion;

    public async Task<ListPage<NodeFacts>> ListAsync(int limit, string? continueToken, CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNodeAsync(continueParameter: continueToken, limit: limit, cancellationToken: cancellationToken);
        return new ListPage<NodeFacts>([.. list.Items.Select(ToFacts)], list.Metadata.ResourceVersion, list.Metadata.ContinueProperty);
    }

    public async IAsyncEnumerable<WatchItem<NodeFacts>> WatchAsync(
        string resourceVersion, int timeoutSeconds, Action<Exception> onError, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = client.CoreV1.WatchListNodeAsync(
            allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken);
        await foreach (var (type, node) in stream)
        {
            yield return type == WatchEventType.Bookmark
                ? new WatchItem<NodeFacts>(type, null, node.Metadata.ResourceVersion)
                : new WatchItem<NodeFacts>(type, ToFacts(node), node.Metadata.ResourceVersion);
        }
    }

    internal static NodeFacts ToFacts(V1Node node)
    {
        var labels = node.Metadata.Labels is { } l ? new Dictionary<string, string>(l) : [];
        var (providerZone, instanceId) = ProviderId.Parse(node.Spec?.ProviderID);
        return new NodeFacts(
            node.Metadata.Name,
            node.Metadata.Uid,
            node.Metadata.ResourceVersion,
            instanceId,
            labels.GetValueOrDefault(NodeFacts.ZoneLabel) ?? providerZone,
            labels.GetValueOrDefault(NodeFacts.InstanceTypeLabel),
            labels)
        {
            IsBeingDeleted = node.Metadata.DeletionTimestamp is not null,
            Taints = node.Spec?.Taints is { Count: > 0 } taints ? [.. taints.Select(t => $"{t.Key}:{t.Effect}")] : [],
        };
    }
}

/// <summary>NodeENIs through the custom objects API, read as raw JSON into the Abstractions model.</summary>
internal sealed class NodeEniWatchSource(IKubernetes client) : IWatchSource<NodeEni>
{
    public string Resource => NodeEni.Plural;

    public string NameOf(NodeEni item) => item.Name;

    public string VersionOf(NodeEni item) => item.Metadata.ResourceVersion ?? string.Empty;

    public async Task<ListPage<NodeEni>> ListAsync(int limit, string? continueToken, CancellationToken cancellationToken)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(
            NodeEni.Group, NodeEni.Version, NodeEni.Plural, continueParameter: continueToken, limit: limit, cancellationToken: cancellationToken);
        var metadata = list.GetProperty("metadata");
        return new ListPage<NodeEni>(
            [.. list.GetProperty("items").EnumerateArray().Select(NodeEniJson.Deserialize)],
            metadata.GetProperty("resourceVersion").GetString() ?? string.Empty,
            metadata.TryGetProperty("continue", out var next) ? next.GetString() : null);
    }

    public async IAsyncEnumerable<WatchItem<NodeEni>> WatchAsync(
        string resourceVersion, int timeoutSeconds, Action<Exception> onError, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = client.CustomObjects.WatchListClusterCustomObjectAsync(
            NodeEni.Group, NodeEni.Version, NodeEni.Plural,
            allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken);
        await foreach (var (type, obj) in stream)
        {
            var json = (JsonElement)obj;
            var version = json.GetProperty("metadata").GetProperty("resourceVersion").GetString() ?? string.Empty;
            yield return type == WatchEventType.Bookmark
                ? new WatchItem<NodeEni>(type, null, version)
                : new WatchItem<NodeEni>(type, NodeEniJson.Deserialize(json), version);
        }
    }
}
