using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes.Apply;

/// <summary>One entry of <c>metadata.managedFields</c>: the fields a manager owns through one kind of operation.</summary>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string Time, FieldSet Fields)
{
    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    public bool Is(string manager, string operation) => Manager == manager && Operation == operation;

    public JsonObject ToJson() => new()
    {
        ["manager"] = Manager,
        ["operation"] = Operation,
        ["apiVersion"] = ApiVersion,
        ["time"] = Time,
        ["fieldsType"] = "FieldsV1",
        ["fieldsV1"] = Fields.ToFieldsV1(),
    };
}

/// <summary>
/// Who owns which fields of an object, kept in its <c>metadata.managedFields</c> as the API server keeps them:
/// server-side apply reads them for conflicts and removals, and every other write moves the fields it changes to its
/// manager (from <c>fieldManager</c>, or the client's user agent).
/// </summary>
internal static class ManagedFields
{
    public static List<ManagedFieldsEntry> Read(JsonObject obj) =>
        [.. (obj["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(e => (string?)e["subresource"] is null or "")
            .Select(e => new ManagedFieldsEntry(
                (string?)e["manager"] ?? string.Empty,
                (string?)e["operation"] ?? ManagedFieldsEntry.UpdateOperation,
                (string?)e["apiVersion"] ?? string.Empty,
                (string?)e["time"] ?? string.Empty,
                FieldSet.FromFieldsV1(e["fieldsV1"])))];

    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var metadata = (obj["metadata"] ??= new JsonObject()).AsObject();
        var kept = entries.Where(e => e.Fields.Count > 0).Select(e => (JsonNode)e.ToJson()).ToArray();
        if (kept.Length == 0)
        {
            metadata.Remove("managedFields");
            return;
        }

        metadata["managedFields"] = new JsonArray(kept);
    }

    /// <summary>A created object: every field it was created with belongs to its creator.</summary>
    public static void RecordCreate(JsonObject created, string manager, string now)
    {
        var apiVersion = (string?)created["apiVersion"] ?? string.Empty;
        Write(created, [new ManagedFieldsEntry(manager, ManagedFieldsEntry.UpdateOperation, apiVersion, now, FieldSet.Of(created))]);
    }

    /// <summary>
    /// An update (PUT or a non-apply PATCH): the fields it set or changed move to its manager, and fields it removed
    /// leave every manager. The stored entries count, whatever managedFields the client sent back.
    /// </summary>
    public static void RecordUpdate(JsonObject before, JsonObject after, string manager, string now)
    {
        var (old, next) = (FieldSet.Of(before), FieldSet.Of(after));
        var changed = next.Paths.Where(p => !old.Contains(p) || (next.Values.TryGetValue(p, out var value) && !JsonNode.DeepEquals(value, old.Values.GetValueOrDefault(p)))).ToList();
        var removed = old.Paths.Where(p => !next.Contains(p)).ToList();
        var entries = Read(before).Select(e => e with { Fields = e.Fields.Without(changed.Concat(removed)) }).ToList();
        if (changed.Count > 0)
        {
            var mine = entries.FindIndex(e => e.Is(manager, ManagedFieldsEntry.UpdateOperation));
            var apiVersion = (string?)after["apiVersion"] ?? string.Empty;
            var owned = mine >= 0 ? entries[mine].Fields : FieldSet.FromFieldsV1(null);
            var entry = new ManagedFieldsEntry(manager, ManagedFieldsEntry.UpdateOperation, apiVersion, now, owned.With(changed, next));
            if (mine >= 0)
            {
                entries[mine] = entry;
            }
            else
            {
                entries.Add(entry);
            }
        }

        Write(after, entries);
    }
}
