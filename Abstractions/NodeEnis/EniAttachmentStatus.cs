using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>One ENI of a NodeENI on one node, as listed in <c>status.attachments</c>.</summary>
public sealed record EniAttachmentStatus
{
    [JsonPropertyName("nodeID")]
    public string? NodeId { get; init; }

    [JsonPropertyName("instanceID")]
    public string? InstanceId { get; init; }

    [JsonPropertyName("eniID")]
    public string? EniId { get; init; }

    [JsonPropertyName("attachmentID")]
    public string? AttachmentId { get; init; }

    [JsonPropertyName("subnetID")]
    public string? SubnetId { get; init; }

    [JsonPropertyName("subnetCIDR")]
    public string? SubnetCidr { get; init; }

    [JsonPropertyName("deviceIndex")]
    public int? DeviceIndex { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("lastUpdated")]
    public DateTimeOffset? LastUpdated { get; init; }

    [JsonPropertyName("mtu")]
    public int? Mtu { get; init; }

    [JsonPropertyName("dpdkBound")]
    public bool? DpdkBound { get; init; }

    [JsonPropertyName("dpdkDriver")]
    public string? DpdkDriver { get; init; }

    [JsonPropertyName("dpdkResourceName")]
    public string? DpdkResourceName { get; init; }

    [JsonPropertyName("dpdkPCIAddress")]
    public string? DpdkPciAddress { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
