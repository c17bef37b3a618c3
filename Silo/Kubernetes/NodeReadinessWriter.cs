using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// A read, then one merge patch carrying the read's resourceVersion: a merge patch replaces the taint list as a whole,
/// so a taint another controller added after the read must make the patch fail (409), never vanish with it.
/// </summary>
internal sealed class NodeReadinessWriter(IKubernetes client) : INodeReadinessWriter
{
    public async Task<bool> MarkReadyAsync(string node, string taint, string readyLabel, CancellationToken cancellationToken)
    {
        V1Node current;
        try
        {
            current = await client.CoreV1.ReadNodeAsync(node, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        var taints = current.Spec?.Taints ?? [];
        var kept = taints.Where(t => $"{t.Key}:{t.Effect}" != taint).ToList();
        var labelled = readyLabel.Length == 0 || current.Metadata.Labels is { } labels && labels.TryGetValue(readyLabel, out var value) && value == "true";
        if (kept.Count == taints.Count && labelled)
        {
            return false;
        }

        var metadata = new JsonObject { ["resourceVersion"] = current.Metadata.ResourceVersion };
        var patch = new JsonObject { ["metadata"] = metadata };
        if (!labelled)
        {
            metadata["labels"] = new JsonObject { [readyLabel] = "true" };
        }

        if (kept.Count != taints.Count)
        {
            patch["spec"] = new JsonObject { ["taints"] = JsonNode.Parse(KubernetesJson.Serialize(kept)) };
        }

        try
        {
            await client.CoreV1.PatchNodeAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), node, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
