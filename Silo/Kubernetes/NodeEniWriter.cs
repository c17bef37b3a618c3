using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Abstractions.NodeEnis;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// NodeENI writes as merge patches that carry the resourceVersion they were computed from, so
/// the API server refuses them (409) if anyone wrote in between; then the object is read again
/// and the change recomputed.
/// </summary>
internal sealed class NodeEniWriter(string cluster, IKubernetes client, KubernetesMetrics metrics, ILogger logger) : INodeEniWriter
{
    private const int Attempts = 8;

    public async Task<NodeEni?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var json = await client.CustomObjects.GetClusterCustomObjectAsync<JsonElement>(NodeEni.Group, NodeEni.Version, NodeEni.Plural, name, cancellationToken);
            return NodeEniJson.Deserialize(json);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<NodeEni> ApplySpecAsync(string name, NodeEniSpec spec, CancellationToken cancellationToken) =>
        Refusals(() => ApplyAsync(name, spec, cancellationToken), $"apply NodeENI {name}");

    private async Task<NodeEni> ApplyAsync(string name, NodeEniSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var specJson = JsonSerializer.SerializeToNode(spec, NodeEniJson.Options);
        var written = await WriteAsync(name, status: false, current =>
        {
            var before = JsonSerializer.SerializeToNode(current.Spec, NodeEniJson.Options);
            return JsonNode.DeepEquals(before, specJson)
                ? null
                : new JsonObject
                {
                    ["metadata"] = new JsonObject { ["resourceVersion"] = current.Metadata.ResourceVersion },
                    ["spec"] = MergePatch.Diff(before, specJson),
                };
        }, cancellationToken);
        if (written is not null)
        {
            return written;
        }

        var body = new NodeEni { Metadata = new ObjectMetadata { Name = name }, Spec = spec };
        try
        {
            var created = await client.CustomObjects.CreateClusterCustomObjectAsync<JsonElement>(
                JsonSerializer.SerializeToNode(body, NodeEniJson.Options)!, NodeEni.Group, NodeEni.Version, NodeEni.Plural, cancellationToken: cancellationToken);
            return NodeEniJson.Deserialize(created);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created by someone else since our read: apply the spec over theirs.
            return await ApplyAsync(name, spec, cancellationToken);
        }
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        Refusals(
            async () =>
            {
                try
                {
                    await client.CustomObjects.DeleteClusterCustomObjectAsync(NodeEni.Group, NodeEni.Version, NodeEni.Plural, name, cancellationToken: cancellationToken);
                    return true;
                }
                catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
            },
            $"delete NodeENI {name}");

    /// <summary>
    /// A write automation asked for, refused by the cluster (RBAC, validation): said in the API server's words, as an
    /// exception every Orleans caller can receive (KubernetesClient's own carries the HTTP exchange, which cannot travel).
    /// </summary>
    private static async Task<T> Refusals<T>(Func<Task<T>> write, string what)
    {
        try
        {
            return await write();
        }
        catch (HttpOperationException ex)
        {
            var message = ex.Response.Content is { } body && body.TrimStart().StartsWith('{') && JsonNode.Parse(body)?["message"] is { } said ? (string?)said : ex.Message;
            throw new InvalidOperationException($"The cluster refused to {what} ({(int)ex.Response.StatusCode}): {message}");
        }
    }

    public Task<NodeEni?> AddFinalizerAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(name, status: false, current => current.HasFinalizer || current.IsBeingDeleted
            ? null
            : Finalizers(current, [.. current.Metadata.Finalizers ?? [], NodeEni.Finalizer]), cancellationToken);

    public Task<NodeEni?> RemoveFinalizerAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(name, status: false, current => !current.HasFinalizer
            ? null
            : Finalizers(current, [.. current.Metadata.Finalizers!.Where(f => f != NodeEni.Finalizer)]), cancellationToken);

    public Task<NodeEni?> UpdateStatusAsync(string name, Func<NodeEni, NodeEniStatus?> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compute);
        return WriteAsync(name, status: true, current =>
        {
            if (compute(current) is not { } status)
            {
                return null;
            }

            status = status with { AttachmentCount = status.AttachmentCount ?? status.Attachments?.Count ?? 0 };
            var before = JsonSerializer.SerializeToNode(current.Status, NodeEniJson.Options);
            var after = JsonSerializer.SerializeToNode(status, NodeEniJson.Options);
            return JsonNode.DeepEquals(before, after)
                ? null
                : new JsonObject
                {
                    ["metadata"] = new JsonObject { ["resourceVersion"] = current.Metadata.ResourceVersion },
                    ["status"] = MergePatch.Diff(before, after),
                };
        }, cancellationToken);
    }

    private static JsonObject Finalizers(NodeEni current, string[] finalizers) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["resourceVersion"] = current.Metadata.ResourceVersion,
            ["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)f).ToArray()),
        },
    };

    /// <summary>Reads, lets <paramref name="patchFor"/> compute a conditional patch (null: nothing to do), and retries on conflict.</summary>
    private async Task<NodeEni?> WriteAsync(string name, bool status, Func<NodeEni, JsonObject?> patchFor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(name, cancellationToken);
            if (current is null || patchFor(current) is not { } patch)
            {
                return current;
            }

            var body = new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
            try
            {
                var written = status
                    ? await client.CustomObjects.PatchClusterCustomObjectStatusAsync<JsonElement>(body, NodeEni.Group, NodeEni.Version, NodeEni.Plural, name, cancellationToken: cancellationToken)
                    : await client.CustomObjects.PatchClusterCustomObjectAsync<JsonElement>(body, NodeEni.Group, NodeEni.Version, NodeEni.Plural, name, cancellationToken: cancellationToken);
                return written.ValueKind == JsonValueKind.Object && written.TryGetProperty("metadata", out _)
                    ? NodeEniJson.Deserialize(written)
                    : await GetAsync(name, cancellationToken);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict && attempt < Attempts)
            {
                metrics.Conflict(cluster, NodeEni.Plural);
                KubernetesLog.WriteConflict(logger, cluster, NodeEni.Plural, name);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }
    }
}
