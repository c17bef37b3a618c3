using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>The parts of Kubernetes <c>ObjectMeta</c> the fleet reads; the rest is preserved in <see cref="Unknown"/>.</summary>
[GenerateSerializer]
public sealed record ObjectMetadata
{
    [Id(0)]
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [Id(1)]
    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    [Id(2)]
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [Id(3)]
    [JsonPropertyName("resourceVersion")]
    public string? ResourceVersion { get; init; }

    [Id(4)]
    [JsonPropertyName("generation")]
    public long? Generation { get; init; }

    [Id(5)]
    [JsonPropertyName("creationTimestamp")]
    public DateTimeOffset? CreationTimestamp { get; init; }

    [Id(6)]
    [JsonPropertyName("deletionTimestamp")]
    public DateTimeOffset? DeletionTimestamp { get; init; }

    [Id(7)]
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [Id(8)]
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [Id(9)]
    [JsonPropertyName("finalizers")]
    public IReadOnlyList<string>? Finalizers { get; init; }

    // Unknown fields matter for the JSON round trip with the API server, not between grains.
    [JsonExtensionData]
    [field: NonSerialized]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
