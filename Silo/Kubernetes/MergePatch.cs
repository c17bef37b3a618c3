using System.Text.Json.Nodes;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>RFC 7386 merge patches computed as the difference of two JSON documents.</summary>
internal static class MergePatch
{
    /// <summary>The patch that turns <paramref name="from"/> into <paramref name="to"/>: changed members set, removed members null.</summary>
    public static JsonNode? Diff(JsonNode? from, JsonNode? to)
    {
        if (from is not JsonObject source || to is not JsonObject target)
        {
            return to?.DeepClone();
        }

        var patch = new JsonObject();
        foreach (var (key, value) in target)
        {
            if (!source.TryGetPropertyValue(key, out var old) || !JsonNode.DeepEquals(old, value))
            {
                patch[key] = Diff(old, value);
            }
        }

        foreach (var (key, _) in source.Where(p => !target.ContainsKey(p.Key)))
        {
            patch[key] = null;
        }

        return patch;
    }
}
