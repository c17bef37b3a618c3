using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>A condition in the standard <c>metav1.Condition</c> shape.</summary>
[GenerateSerializer]
public sealed record NodeEniCondition
{
    public const string Ready = "Ready";

    [Id(0)]
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    [Id(1)]
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [Id(2)]
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [Id(3)]
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [Id(4)]
    [JsonPropertyName("lastTransitionTime")]
    public DateTimeOffset? LastTransitionTime { get; init; }

    [Id(5)]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; init; }
}
