using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>What the fleet observed and did for one NodeENI.</summary>
public sealed record NodeEniStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; init; }

    /// <summary>Number of <see cref="Attachments"/>; a printer column, since JSONPath cannot count.</summary>
    [JsonPropertyName("attachmentCount")]
    public int? AttachmentCount { get; init; }

    [JsonPropertyName("attachments")]
    public IReadOnlyList<EniAttachmentStatus>? Attachments { get; init; }

    [JsonPropertyName("conditions")]
    public IReadOnlyList<NodeEniCondition>? Conditions { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
