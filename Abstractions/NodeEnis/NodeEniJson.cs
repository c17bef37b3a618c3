using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>
/// The JSON conventions of the Kubernetes API for the NodeENI model: absent fields omitted and
/// timestamps in RFC 3339 UTC with second precision, as the API server writes them.
/// </summary>
public static class NodeEniJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new KubernetesTimeConverter() },
    };

    public static NodeEni Deserialize(string json) =>
        JsonSerializer.Deserialize<NodeEni>(json, Options) ?? throw new JsonException("A NodeENI must be a JSON object.");

    public static NodeEni Deserialize(JsonElement json) =>
        json.Deserialize<NodeEni>(Options) ?? throw new JsonException("A NodeENI must be a JSON object.");

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private sealed class KubernetesTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}
