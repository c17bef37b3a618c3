using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>Label selectors (<c>a=b</c>, <c>a!=b</c>, <c>a</c>, <c>!a</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>) and field selectors (<c>path=value</c>, <c>path!=value</c>).</summary>
internal static partial class Selectors
{
    public static Func<JsonObject, bool> Parse(string? labelSelector, string? fieldSelector)
    {
        var label = ParseLabels(labelSelector);
        var field = ParseFields(fieldSelector);
        return o => label(o) && field(o);
    }

    private static Func<JsonObject, bool> ParseLabels(string? selector)
    {
        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var term in SplitTerms(selector))
        {
            var set = SetTerm().Match(term);
            if (set.Success)
            {
                var key = set.Groups["key"].Value;
                var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                var negate = set.Groups["op"].Value == "notin";
                requirements.Add(l => l.TryGetValue(key, out var v) ? values.Contains(v) != negate : negate);
                continue;
            }

            var equality = EqualityTerm().Match(term);
            if (equality.Success)
            {
                var key = equality.Groups["key"].Value;
                var value = equality.Groups["value"].Value;
                var negate = equality.Groups["op"].Value == "!=";
                requirements.Add(l => (l.TryGetValue(key, out var v) && v == value) != negate);
                continue;
            }

            if (term.StartsWith('!'))
            {
                var key = term[1..].Trim();
                requirements.Add(l => !l.ContainsKey(key));
            }
            else if (KeyTerm().IsMatch(term))
            {
                requirements.Add(l => l.ContainsKey(term));
            }
            else
            {
                throw ApiError.BadRequest($"unable to parse requirement: invalid label selector term \"{term}\"");
            }
        }

        return o =>
        {
            var labels = o["metadata"]?["labels"] is JsonObject l
                ? l.ToDictionary(p => p.Key, p => (string?)p.Value ?? string.Empty, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            return requirements.TrueForAll(r => r(labels));
        };
    }

    private static Func<JsonObject, bool> ParseFields(string? selector)
    {
        var requirements = new List<Func<JsonObject, bool>>();
        foreach (var term in SplitTerms(selector))
        {
            var match = EqualityTerm().Match(term);
            if (!match.Success)
            {
                throw ApiError.BadRequest($"invalid field selector term \"{term}\"");
            }

            var path = match.Groups["key"].Value.Split('.');
            var value = match.Groups["value"].Value;
            var negate = match.Groups["op"].Value == "!=";
            requirements.Add(o => (Text(o, path) == value) != negate);
        }

        return o => requirements.TrueForAll(r => r(o));
    }

    private static string Text(JsonObject o, string[] path)
    {
        JsonNode? node = o;
        foreach (var part in path)
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node is JsonValue v ? v.ToString() : string.Empty;
    }

    /// <summary>Splits on commas outside parentheses, so <c>a in (x,y),b</c> is two terms.</summary>
    private static IEnumerable<string> SplitTerms(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            yield break;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i <= selector.Length; i++)
        {
            if (i == selector.Length || (selector[i] == ',' && depth == 0))
            {
                var term = selector[start..i].Trim();
                if (term.Length > 0)
                {
                    yield return term;
                }

                start = i + 1;
            }
            else if (selector[i] == '(')
            {
                depth++;
            }
            else if (selector[i] == ')')
            {
                depth--;
            }
        }
    }

    [GeneratedRegex(@"^(?<key>[^\s!=]+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
    private static partial Regex SetTerm();

    [GeneratedRegex(@"^(?<key>[^\s!=]+)\s*(?<op>==|=|!=)\s*(?<value>[^\s]*)$")]
    private static partial Regex EqualityTerm();

    [GeneratedRegex(@"^[A-Za-z0-9._/-]+$")]
    private static partial Regex KeyTerm();
}
