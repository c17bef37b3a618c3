using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>One ENI of a NodeENI on one node, as listed in <c>status.attachments</c>.</summary>
[GenerateSerializer]
public sealed record EniAttachmentStatus
{
    [Id(0)]
    [JsonPropertyName("nodeID")]
    public string? NodeId { get; init; }

    [Id(1)]
    [JsonPropertyName("instanceID")]
    public string? InstanceId { get; init; }

    [Id(2)]
    [JsonPropertyName("eniID")]
    public string? EniId { get; init; }

    [Id(3)]
    [JsonPropertyName("attachmentID")]
    public string? AttachmentId { get; init; }

    [Id(4)]
    [JsonPropertyName("subnetID")]
    public string? SubnetId { get; init; }

    [Id(5)]
    [JsonPropertyName("subnetCIDR")]
    public string? SubnetCidr { get; init; }

    [Id(6)]
    [JsonPropertyName("deviceIndex")]
    public int? DeviceIndex { get; init; }

    [Id(7)]
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [Id(8)]
    [JsonPropertyName("lastUpdated")]
    public DateTimeOffset? LastUpdated { get; init; }

    [Id(9)]
    [JsonPropertyName("mtu")]
    public int? Mtu { get; init; }

    [Id(10)]
    [JsonPropertyName("dpdkBound")]
    public bool? DpdkBound { get; init; }

    [Id(11)]
    [JsonPropertyName("dpdkDriver")]
    public string? DpdkDriver { get; init; }

    [Id(12)]
    [JsonPropertyName("dpdkResourceName")]
    public string? DpdkResourceName { get; init; }

    [Id(13)]
    [JsonPropertyName("dpdkPCIAddress")]
    public string? DpdkPciAddress { get; init; }

    /// <summary>The interface's name on the node, as the node's agent last reported it; null until it reports the ENI.</summary>
    [Id(14)]
    [JsonPropertyName("interfaceName")]
    public string? InterfaceName { get; init; }

    [Id(15)]
    [JsonPropertyName("interfaceUp")]
    public bool? InterfaceUp { get; init; }

    [Id(16)]
    [JsonPropertyName("interfaceMtu")]
    public int? InterfaceMtu { get; init; }

    /// <summary>What the agent could not apply, cut to <see cref="MaxInterfaceErrorLength"/> characters so that status stays bounded.</summary>
    [Id(17)]
    [JsonPropertyName("interfaceError")]
    public string? InterfaceError { get; init; }

    /// <summary>The IPv4 /28 prefixes EC2 assigned to the ENI for pod IPs (at most an interface's address slots).</summary>
    [Id(18)]
    [JsonPropertyName("ipv4Prefixes")]
    public IReadOnlyList<string>? Ipv4Prefixes { get; init; }

    /// <summary>The secondary IPv4 addresses EC2 assigned to the ENI for pod IPs.</summary>
    [Id(19)]
    [JsonPropertyName("ipv4Addresses")]
    public IReadOnlyList<string>? Ipv4Addresses { get; init; }

    [Id(20)]
    [JsonPropertyName("ipv6Prefixes")]
    public IReadOnlyList<string>? Ipv6Prefixes { get; init; }

    /// <summary>Pod IPs in use on the ENI, as the node's agent last reported them.</summary>
    [Id(21)]
    [JsonPropertyName("ipsInUse")]
    public int? IpsInUse { get; init; }

    public const int MaxInterfaceErrorLength = 256;

    // Unknown fields matter for the JSON round trip with the API server, not between grains.
    [JsonExtensionData]
    [field: NonSerialized]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
