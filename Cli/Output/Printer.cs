using System.Text.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Client.Manifests;

namespace AwsMultiEni.Cli.Output;

/// <summary>
/// Writes a command's result in the format asked for: the table, or the value as JSON or YAML, in the Kubernetes API's
/// JSON conventions (camelCase, absent fields left out, RFC 3339 times) so scripts read one shape everywhere.
/// </summary>
internal sealed class Printer(TextWriter output, OutputFormat format)
{
    private static readonly JsonSerializerOptions Indented = new(NodeEniJson.Options) { WriteIndented = true };

    public void Write<T>(T value, Func<Table> table)
    {
        if (format != OutputFormat.Table)
        {
            WriteValue(value);
            return;
        }

        var rows = table();
        if (rows.Count == 0)
        {
            output.WriteLine("No resources found.");
            return;
        }

        rows.WriteTo(output);
    }

    /// <summary>What a change did, in a sentence as kubectl says it (<c>nodeeni/x configured</c>); for scripts, the object it left.</summary>
    public void Done<T>(T value, string message)
    {
        if (format == OutputFormat.Table)
        {
            output.WriteLine(message);
            return;
        }

        WriteValue(value);
    }

    /// <summary>A document another tool reads as JSON (an IAM policy), whatever the output format.</summary>
    public void Document(JsonNode document) => output.WriteLine(document.ToJsonString(Indented));

    private void WriteValue<T>(T value)
    {
        if (format == OutputFormat.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(value, Indented));
        }
        else
        {
            output.Write(YamlJson.ToYaml(JsonSerializer.SerializeToNode(value, NodeEniJson.Options)));
        }
    }
}
