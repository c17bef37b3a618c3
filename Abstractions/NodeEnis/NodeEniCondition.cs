using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>A condition in the standard <c>metav1.Condition</c> shape.</summary>
public sealed record NodeEniCondition
{
    public const string Ready = "Ready";

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("lastTransitionTime")]
    public DateTimeOffset? LastTransitionTime { get; init; }

    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; init; }
}
