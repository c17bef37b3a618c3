using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes.Apply;

/// <summary>
/// Server-side apply (<c>PATCH</c> with <c>application/apply-patch+yaml</c>), as the API server does it: the applied
/// configuration is the manager's whole intent. A field it sets that another manager owns with a different value is a
/// conflict (409), unless forced, which takes the field over; a field it applied before and no longer applies is
/// removed, unless another manager owns it too; then the configuration is merged in and the manager owns exactly it.
/// </summary>
internal static class ServerSideApply
{
    public static JsonObject Apply(ResourceType type, string name, JsonObject? live, JsonObject applied, string manager, bool force, string now)
    {
        var current = live ?? new JsonObject();
        (applied["metadata"] as JsonObject)?.Remove("managedFields");
        var (appliedFields, liveFields) = (FieldSet.Of(applied), FieldSet.Of(current));
        var entries = ManagedFields.Read(current);

        var conflicts = entries
            .Where(e => !e.Is(manager, ManagedFieldsEntry.ApplyOperation))
            .SelectMany(e => appliedFields.Values
                .Where(v => e.Fields.Contains(v.Key) && liveFields.Values.TryGetValue(v.Key, out var liveValue) && !JsonNode.DeepEquals(v.Value, liveValue))
                .Select(v => (Owner: e, Path: v.Key)))
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(type, name, conflicts);
        }

        entries = [.. entries.Select(e => e with { Fields = e.Fields.Without(conflicts.Where(c => c.Owner == e).Select(c => c.Path)) })];
        var mine = entries.FindIndex(e => e.Is(manager, ManagedFieldsEntry.ApplyOperation));
        var ownedByOthers = entries.Where((_, i) => i != mine).SelectMany(e => e.Fields.Paths).ToHashSet(StringComparer.Ordinal);
        var dropped = mine < 0 ? [] : entries[mine].Fields.Paths.Where(p => !appliedFields.Contains(p) && !ownedByOthers.Contains(p)).ToList();

        var next = Patches.MergeApplied(Remove((JsonObject)current.DeepClone(), dropped), applied);
        // As on the API server, an apply that owns what it owned before keeps its time, so a repeated apply
        // changes nothing and writes nothing (no new resourceVersion, no watch event).
        var unchanged = mine >= 0 && entries[mine].Fields.Paths.ToHashSet(StringComparer.Ordinal).SetEquals(appliedFields.Paths);
        var entry = new ManagedFieldsEntry(manager, ManagedFieldsEntry.ApplyOperation, (string?)applied["apiVersion"] ?? type.ApiVersion, unchanged ? entries[mine].Time : now, appliedFields);
        if (mine >= 0)
        {
            entries[mine] = entry;
        }
        else
        {
            entries.Add(entry);
        }

        ManagedFields.Write(next, entries);
        return next;
    }

    /// <summary>Removes the fields at <paramref name="paths"/>; a removed object or list item takes its fields with it.</summary>
    private static JsonObject Remove(JsonObject obj, IEnumerable<string> paths)
    {
        var gone = new List<string[]>();
        foreach (var segments in paths.Select(FieldSet.Segments).OrderBy(s => s.Length))
        {
            if (gone.Any(g => segments.Take(g.Length).SequenceEqual(g, StringComparer.Ordinal)))
            {
                continue;
            }

            JsonNode? parent = obj;
            foreach (var segment in segments[..^1])
            {
                parent = Child(parent, segment);
            }

            switch (parent)
            {
                case JsonObject map when segments[^1].StartsWith("f:", StringComparison.Ordinal):
                    map.Remove(segments[^1][2..]);
                    break;
                case JsonArray list when IndexOf(list, segments[^1]) is >= 0 and var index:
                    list.RemoveAt(index);
                    break;
            }

            gone.Add(segments);
        }

        return obj;
    }

    private static JsonNode? Child(JsonNode? node, string segment) => node switch
    {
        JsonObject map when segment.StartsWith("f:", StringComparison.Ordinal) => map[segment[2..]],
        JsonArray list when IndexOf(list, segment) is >= 0 and var index => list[index],
        _ => null,
    };

    private static int IndexOf(JsonArray list, string segment)
    {
        var wanted = JsonNode.Parse(segment[2..]);
        for (var i = 0; i < list.Count; i++)
        {
            var matches = segment.StartsWith("v:", StringComparison.Ordinal)
                ? JsonNode.DeepEquals(list[i], wanted)
                : list[i] is JsonObject item && wanted!.AsObject().All(k => JsonNode.DeepEquals(item[k.Key], k.Value));
            if (matches)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The API server's 409 for an apply that would take fields from other managers.</summary>
    private static ApiError Conflict(ResourceType type, string name, List<(ManagedFieldsEntry Owner, string Path)> conflicts)
    {
        var causes = conflicts.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldManagerConflict",
            ["message"] = $"conflict with \"{c.Owner.Manager}\" using {c.Owner.ApiVersion}",
            ["field"] = FieldSet.Display(c.Path),
        }).ToArray();
        var listed = string.Join("\n", conflicts.Select(c => $"- conflict with \"{c.Owner.Manager}\" using {c.Owner.ApiVersion}: {FieldSet.Display(c.Path)}"));
        var message = conflicts.Count == 1
            ? $"Apply failed with 1 conflict: conflict with \"{conflicts[0].Owner.Manager}\" using {conflicts[0].Owner.ApiVersion}: {FieldSet.Display(conflicts[0].Path)}"
            : $"Apply failed with {conflicts.Count} conflicts:\n{listed}";
        return new ApiError(409, "Conflict", message, new JsonObject
        {
            ["name"] = name,
            ["group"] = type.Group,
            ["kind"] = type.Plural,
            ["causes"] = new JsonArray(causes),
        });
    }
}
