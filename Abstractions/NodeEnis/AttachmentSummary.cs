using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>
/// How a NodeENI's rollout stands, counted in nodes, so that a NodeENI of thousands of nodes says it in a few bytes:
/// the nodes it wants ENIs on, those whose ENIs are all attached, those the fleet cannot serve (a problem it
/// reported), and the rest, still on their way.
/// </summary>
[GenerateSerializer]
public sealed record AttachmentSummary
{
    [Id(0)]
    [JsonPropertyName("desired")]
    public int Desired { get; init; }

    [Id(1)]
    [JsonPropertyName("attached")]
    public int Attached { get; init; }

    [Id(2)]
    [JsonPropertyName("failed")]
    public int Failed { get; init; }

    [Id(3)]
    [JsonPropertyName("progressing")]
    public int Progressing { get; init; }
}
