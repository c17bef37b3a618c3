using System.Text.Json;

namespace AwsMultiEni.Abstractions.Nodes;

/// <summary>
/// The JSON shape of the node contracts (camelCase, as in the README), shared by the agent's
/// one-shot mode and anything else that reads or writes desired sets and reports.
/// </summary>
public static class NodeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}
