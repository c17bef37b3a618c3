using System.Text.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Client.Manifests;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// The patch types of the API: JSON merge patch (RFC 7386), JSON patch (RFC 6902), strategic
/// merge patch (merge patch with list merging by key and its <c>$</c>-directives), and
/// server-side apply (the applied configuration merged into the live object).
/// </summary>
internal static class Patches
{
    public static JsonObject Apply(string contentType, JsonObject current, string body) => contentType switch
    {
        "application/merge-patch+json" => (JsonObject)Merge(current, Parse(body), strategic: false)!,
        "application/strategic-merge-patch+json" => (JsonObject)Merge(current, Parse(body), strategic: true)!,
        "application/json-patch+json" => JsonPatch(current, body),
        _ => throw new ApiError(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json; got {contentType}"),
    };

    /// <summary>An applied configuration merged into the live object, lists merged by their keys.</summary>
    public static JsonObject MergeApplied(JsonObject live, JsonObject applied) => (JsonObject)Merge(live, applied, strategic: true)!;

    public static JsonObject Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw ApiError.BadRequest("the request body must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw ApiError.BadRequest($"the request body is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Server-side apply bodies are YAML (JSON being a subset of it).</summary>
    public static JsonObject ParseYaml(string body)
    {
        if (body.TrimStart().StartsWith('{'))
        {
            return Parse(body);
        }

        return YamlJson.Documents(body).FirstOrDefault() ?? throw ApiError.BadRequest("the apply patch must be a YAML object");
    }

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch, bool strategic)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (strategic && key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (strategic && value is JsonArray list && result[key] is JsonArray existing && ListKeys.KeyOf(key, list.FirstOrDefault() ?? existing.FirstOrDefault()) is { } mergeKey)
            {
                result[key] = MergeList(existing, list, mergeKey);
            }
            else
            {
                result[key] = Merge(result[key], value, strategic);
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray existing, JsonArray patch, string mergeKey)
    {
        var merged = existing.Select(e => e?.DeepClone()).ToList();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var key = item[mergeKey]?.ToJsonString();
            var index = merged.FindIndex(e => e is JsonObject o && o[mergeKey]?.ToJsonString() == key);
            if ((string?)item["$patch"] == "delete")
            {
                if (index >= 0)
                {
                    merged.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                merged[index] = Merge(merged[index], item, strategic: true);
            }
            else
            {
                merged.Add(Merge(null, item, strategic: true));
            }
        }

        return new JsonArray(merged.ToArray());
    }

    private static JsonObject JsonPatch(JsonObject current, string body)
    {
        JsonArray operations;
        try
        {
            operations = JsonNode.Parse(body) as JsonArray ?? throw ApiError.BadRequest("a JSON patch must be an array of operations");
        }
        catch (JsonException ex)
        {
            throw ApiError.BadRequest($"the JSON patch is not valid JSON: {ex.Message}");
        }

        JsonNode document = current.DeepClone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = (string?)operation["op"];
            var path = (string?)operation["path"] ?? string.Empty;
            switch (op)
            {
                case "add":
                    document = Add(document, path, operation["value"]?.DeepClone());
                    break;
                case "replace":
                    Remove(document, path);
                    document = Add(document, path, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(document, path), operation["value"]))
                    {
                        throw new ApiError(422, "Invalid", $"the server rejected our request due to an error in our request: testing value at {path} failed");
                    }

                    break;
                case "copy" or "move":
                    var from = (string?)operation["from"] ?? string.Empty;
                    var value = Resolve(document, from)?.DeepClone();
                    if (op == "move")
                    {
                        Remove(document, from);
                    }

                    document = Add(document, path, value);
                    break;
                default:
                    throw ApiError.BadRequest($"unknown JSON patch operation \"{op}\"");
            }
        }

        return document as JsonObject ?? throw ApiError.BadRequest("a JSON patch must leave an object");
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, out var index) && index >= 0 && index <= array.Count:
                array.Insert(index, value);
                break;
            default:
                throw new ApiError(422, "Invalid", $"the server rejected our request due to an error in our request: cannot add at {path}");
        }

        return document;
    }

    private static void Remove(JsonNode document, string path)
    {
        var (parent, last) = Parent(document, path);
        var removed = parent switch
        {
            JsonObject obj => obj.Remove(last),
            JsonArray array when int.TryParse(last, out var index) && index >= 0 && index < array.Count => RemoveAt(array, index),
            _ => false,
        };
        if (!removed)
        {
            throw new ApiError(422, "Invalid", $"the server rejected our request due to an error in our request: nothing to remove at {path}");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static (JsonNode? Parent, string Last) Parent(JsonNode document, string path)
    {
        var parts = Pointer(path);
        if (parts.Count == 0)
        {
            throw ApiError.BadRequest("a JSON patch may not replace the whole object");
        }

        var parent = Resolve(document, parts.Take(parts.Count - 1));
        return (parent, parts[^1]);
    }

    private static JsonNode? Resolve(JsonNode document, string path) => Resolve(document, Pointer(path));

    private static JsonNode? Resolve(JsonNode document, IEnumerable<string> parts)
    {
        JsonNode? node = document;
        foreach (var part in parts)
        {
            node = node switch
            {
                JsonObject obj => obj[part],
                JsonArray array when int.TryParse(part, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    private static List<string> Pointer(string path) =>
        path.Split('/').Skip(1).Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
}
