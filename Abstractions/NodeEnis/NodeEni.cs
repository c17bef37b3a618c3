using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>
/// A <c>NodeENI</c> custom resource (<c>networking.k8s.aws/v1alpha1</c>) as the cluster stores it.
/// Fields this model does not know are kept in <see cref="Unknown"/> so that reading and writing
/// an object never loses what another writer put there.
/// </summary>
[GenerateSerializer]
public sealed record NodeEni
{
    public const string Group = "networking.k8s.aws";
    public const string Version = "v1alpha1";
    public const string ApiVersionValue = Group + "/" + Version;
    public const string KindValue = "NodeENI";
    public const string Plural = "nodeenis";
    public const string Finalizer = "nodeeni.networking.k8s.aws/finalizer";

    [Id(0)]
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; init; } = ApiVersionValue;

    [Id(1)]
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = KindValue;

    [Id(2)]
    [JsonPropertyName("metadata")]
    public ObjectMetadata Metadata { get; init; } = new();

    [Id(3)]
    [JsonPropertyName("spec")]
    public NodeEniSpec Spec { get; init; } = new();

    [Id(4)]
    [JsonPropertyName("status")]
    public NodeEniStatus? Status { get; init; }

    // Unknown fields matter for the JSON round trip with the API server, not between grains.
    [JsonExtensionData]
    [field: NonSerialized]
    public Dictionary<string, JsonElement>? Unknown { get; init; }

    [JsonIgnore]
    public string Name => Metadata.Name ?? string.Empty;

    [JsonIgnore]
    public bool IsBeingDeleted => Metadata.DeletionTimestamp is not null;

    [JsonIgnore]
    public bool HasFinalizer => Metadata.Finalizers?.Contains(Finalizer) == true;
}
