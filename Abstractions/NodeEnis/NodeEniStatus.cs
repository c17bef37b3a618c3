using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>What the fleet observed and did for one NodeENI.</summary>
[GenerateSerializer]
public sealed record NodeEniStatus
{
    /// <summary>
    /// How many entries <see cref="Attachments"/> holds at most: the size of the clusters the single-cluster
    /// controller served, which list every ENI as before; larger NodeENIs stay far below etcd's 1.5 MiB object limit.
    /// </summary>
    public const int AttachmentLimit = 1000;

    [Id(0)]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; init; }

    /// <summary>Number of ENIs the NodeENI has, listed or not; a printer column, since JSONPath cannot count.</summary>
    [Id(1)]
    [JsonPropertyName("attachmentCount")]
    public int? AttachmentCount { get; init; }

    /// <summary>
    /// The ENIs, one entry each, up to <see cref="AttachmentLimit"/>: every ENI not attached first, then attached ones
    /// by node. <see cref="AttachmentsTruncated"/> says when some are left out; the grain API lists them all.
    /// </summary>
    [Id(2)]
    [JsonPropertyName("attachments")]
    public IReadOnlyList<EniAttachmentStatus>? Attachments { get; init; }

    [Id(4)]
    [JsonPropertyName("summary")]
    public AttachmentSummary? Summary { get; init; }

    /// <summary>True when <see cref="Attachments"/> lists fewer ENIs than <see cref="AttachmentCount"/>.</summary>
    [Id(5)]
    [JsonPropertyName("attachmentsTruncated")]
    public bool? AttachmentsTruncated { get; init; }

    [Id(3)]
    [JsonPropertyName("conditions")]
    public IReadOnlyList<NodeEniCondition>? Conditions { get; init; }

    // Unknown fields matter for the JSON round trip with the API server, not between grains.
    [JsonExtensionData]
    [field: NonSerialized]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
