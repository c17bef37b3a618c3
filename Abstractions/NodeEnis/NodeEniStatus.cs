using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>What the fleet observed and did for one NodeENI.</summary>
[GenerateSerializer]
public sealed record NodeEniStatus
{
    [Id(0)]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; init; }

    /// <summary>Number of <see cref="Attachments"/>; a printer column, since JSONPath cannot count.</summary>
    [Id(1)]
    [JsonPropertyName("attachmentCount")]
    public int? AttachmentCount { get; init; }

    [Id(2)]
    [JsonPropertyName("attachments")]
    public IReadOnlyList<EniAttachmentStatus>? Attachments { get; init; }

    [Id(3)]
    [JsonPropertyName("conditions")]
    public IReadOnlyList<NodeEniCondition>? Conditions { get; init; }

    // Unknown fields matter for the JSON round trip with the API server, not between grains.
    [JsonExtensionData]
    [field: NonSerialized]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
