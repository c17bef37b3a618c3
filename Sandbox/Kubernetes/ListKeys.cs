using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// How the API treats the lists of the built-in kinds, by field name: associative lists merge their items by a key
/// (strategic merge patch's patchMergeKey, server-side apply's list-map-keys), sets hold scalars, and any other list
/// is atomic, replaced whole.
/// </summary>
internal static class ListKeys
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["env"] = "name",
        ["imagePullSecrets"] = "name",
        ["conditions"] = "type",
        ["taints"] = "key",
        ["addresses"] = "type",
        ["ownerReferences"] = "uid",
    };

    private static readonly HashSet<string> Sets = new(StringComparer.Ordinal) { "finalizers" };

    /// <summary>The key an item of the list in <paramref name="field"/> is merged by; null for an atomic list or a set.</summary>
    public static string? KeyOf(string field, JsonNode? item) => field switch
    {
        // A container's ports are keyed by containerPort, a Service's by port.
        "ports" => item is JsonObject port && port.ContainsKey("containerPort") ? "containerPort" : "port",
        _ => Keys.GetValueOrDefault(field),
    };

    public static bool IsSet(string field) => Sets.Contains(field);
}
