using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace AwsMultiEni.Client.Manifests;

/// <summary>
/// YAML documents as JSON, with the YAML 1.2 core schema's typing of plain scalars (numbers,
/// booleans, null) and quoted scalars kept as strings, as kubectl converts manifests; and JSON
/// written back as YAML, quoting every string that would otherwise read back as something else.
/// </summary>
public static partial class YamlJson
{
    public static List<JsonObject> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(d => Convert(d.RootNode))
            .OfType<JsonObject>()
            .ToList();
    }

    public static string ToYaml(JsonNode? json)
    {
        var stream = new YamlStream(new YamlDocument(ToNode(json)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        // One document needs no end marker; what reads it back (kubectl, yq, this class) does not miss it.
        return writer.ToString().TrimEnd().TrimEnd('.').TrimEnd() + Environment.NewLine;
    }

    private static YamlNode ToNode(JsonNode? json) => json switch
    {
        JsonObject map => new YamlMappingNode(map.Select(p => KeyValuePair.Create<YamlNode, YamlNode>(new YamlScalarNode(p.Key), ToNode(p.Value)))),
        JsonArray list => new YamlSequenceNode(list.Select(ToNode)),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => StringNode(value.GetValue<string>()),
        null => new YamlScalarNode("null"),
        _ => new YamlScalarNode(json.ToJsonString()),
    };

    /// <summary>Plain where it reads back as this string, double-quoted where it would read back as a number, a boolean or null.</summary>
    private static YamlScalarNode StringNode(string text) =>
        text.Length > 0 && Scalar(new YamlScalarNode(text) { Style = YamlDotNet.Core.ScalarStyle.Plain }) is JsonValue plain && plain.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? new YamlScalarNode(text)
            : new YamlScalarNode(text) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, Convert(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when Integer().IsMatch(text) => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
            _ when Float().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
