using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// The JSONPath that CRD printer columns use: <c>.a.b</c> (with <c>\.</c> for a dot inside a
/// key, as in label names), <c>[*]</c>, <c>[n]</c> and <c>[?(@.field=="value")]</c>.
/// </summary>
internal static partial class JsonPathQuery
{
    public static IEnumerable<JsonNode> Select(JsonNode root, string path)
    {
        IEnumerable<JsonNode> current = [root];
        foreach (Match step in Step().Matches(path))
        {
            current = Apply(current, step).ToList();
        }

        return current;
    }

    private static IEnumerable<JsonNode> Apply(IEnumerable<JsonNode> nodes, Match step)
    {
        foreach (var node in nodes)
        {
            if (step.Groups["field"].Success)
            {
                if (node is JsonObject obj && obj[step.Groups["field"].Value.Replace(@"\.", ".", StringComparison.Ordinal)] is { } child)
                {
                    yield return child;
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var item in Items(array, step))
                {
                    yield return item;
                }
            }
        }
    }

    private static IEnumerable<JsonNode> Items(JsonArray array, Match step)
    {
        var items = array.OfType<JsonNode>();
        if (step.Groups["index"].Success)
        {
            var index = int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
            return index < array.Count && array[index] is { } item ? [item] : [];
        }

        if (step.Groups["filterKey"].Success)
        {
            var key = step.Groups["filterKey"].Value;
            var value = step.Groups["filterValue"].Value;
            return items.Where(i => i is JsonObject o && o[key] is JsonValue v && v.ToString() == value);
        }

        return items;
    }

    [GeneratedRegex("""\.(?<field>(?:[A-Za-z0-9_/-]|\\\.)+)|\[\*\]|\[(?<index>\d+)\]|\[\?\(@\.(?<filterKey>[A-Za-z0-9_-]+)\s*==\s*["'](?<filterValue>[^"']*)["']\)\]""")]
    private static partial Regex Step();
}
