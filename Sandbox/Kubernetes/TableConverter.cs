using System.Globalization;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>), which
/// <c>kubectl get</c> asks for: a Name column, a CRD's printer columns, or an Age column.
/// </summary>
internal static class TableConverter
{
    public static bool Wanted(string? accept) =>
        accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Convert(ResourceType type, ListPage page, DateTimeOffset now, string? includeObject)
    {
        var columns = type.PrinterColumns.Count > 0
            ? type.PrinterColumns
            : [new PrinterColumn("Age", "date", ".metadata.creationTimestamp", "Time since the object was created")];
        var definitions = new JsonArray(new JsonObject
        {
            ["name"] = "Name",
            ["type"] = "string",
            ["format"] = "name",
            ["description"] = "Name must be unique within a namespace.",
            ["priority"] = type.NameColumnPriority,
        });
        foreach (var column in columns)
        {
            definitions.Add(new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type,
                ["format"] = "",
                ["description"] = column.Description ?? string.Empty,
                ["priority"] = column.Priority,
            });
        }

        var rows = new JsonArray();
        foreach (var obj in page.Items)
        {
            var cells = new JsonArray((string?)obj["metadata"]!["name"]);
            foreach (var column in columns)
            {
                cells.Add(Cell(obj, column, now));
            }

            var row = new JsonObject { ["cells"] = cells };
            if (includeObject != "None")
            {
                row["object"] = includeObject == "Object" ? obj.DeepClone() : new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]!.DeepClone(),
                };
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = page.Metadata(),
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private static JsonNode? Cell(JsonObject obj, PrinterColumn column, DateTimeOffset now)
    {
        var value = JsonPathQuery.Select(obj, column.JsonPath).FirstOrDefault();
        if (value is null)
        {
            return null;
        }

        if (column.Type == "date" && DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return Age(now - time);
        }

        return value.DeepClone();
    }

    /// <summary>Ages as kubectl shows them: <c>42s</c>, <c>5m</c>, <c>3h</c>, <c>12d</c>.</summary>
    private static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 2 } => $"{Math.Max(0, (int)age.TotalSeconds)}s",
        { TotalHours: < 2 } => $"{(int)age.TotalMinutes}m",
        { TotalDays: < 2 } => $"{(int)age.TotalHours}h",
        _ => $"{(int)age.TotalDays}d",
    };
}
