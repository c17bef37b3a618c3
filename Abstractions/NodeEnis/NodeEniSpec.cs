using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>
/// What a NodeENI asks for. Field names are those of the single-cluster controller, so its
/// manifests keep working; <see cref="DpdkEnabled"/> is the alias published examples use for
/// <see cref="EnableDpdk"/>. Optional fields stay null when absent so a round trip writes back
/// exactly what was read; the <c>Effective*</c> members apply the schema's defaults.
/// </summary>
[GenerateSerializer]
public sealed record NodeEniSpec
{
    public const int DefaultDeviceIndex = 1;
    public const string DefaultDpdkDriver = "vfio-pci";

    [Id(0)]
    [JsonPropertyName("nodeSelector")]
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    [Id(1)]
    [JsonPropertyName("subnetID")]
    public string? SubnetId { get; init; }

    [Id(2)]
    [JsonPropertyName("subnetIDs")]
    public IReadOnlyList<string>? SubnetIds { get; init; }

    [Id(3)]
    [JsonPropertyName("subnetName")]
    public string? SubnetName { get; init; }

    [Id(4)]
    [JsonPropertyName("subnetNames")]
    public IReadOnlyList<string>? SubnetNames { get; init; }

    [Id(5)]
    [JsonPropertyName("securityGroupIDs")]
    public IReadOnlyList<string>? SecurityGroupIds { get; init; }

    [Id(6)]
    [JsonPropertyName("securityGroupNames")]
    public IReadOnlyList<string>? SecurityGroupNames { get; init; }

    [Id(7)]
    [JsonPropertyName("deviceIndex")]
    public int? DeviceIndex { get; init; }

    [Id(8)]
    [JsonPropertyName("deleteOnTermination")]
    public bool? DeleteOnTermination { get; init; }

    [Id(9)]
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [Id(10)]
    [JsonPropertyName("mtu")]
    public int? Mtu { get; init; }

    /// <summary>Name the agent gives the interface on the node (additive to the single-cluster contract).</summary>
    [Id(11)]
    [JsonPropertyName("interfaceName")]
    public string? InterfaceName { get; init; }

    [Id(12)]
    [JsonPropertyName("enableDPDK")]
    public bool? EnableDpdk { get; init; }

    [Id(13)]
    [JsonPropertyName("dpdkEnabled")]
    public bool? DpdkEnabled { get; init; }

    [Id(14)]
    [JsonPropertyName("dpdkDriver")]
    public string? DpdkDriver { get; init; }

    [Id(15)]
    [JsonPropertyName("dpdkResourceName")]
    public string? DpdkResourceName { get; init; }

    [Id(16)]
    [JsonPropertyName("dpdkPCIAddress")]
    public string? DpdkPciAddress { get; init; }

    /// <summary>IPv4 /28 prefixes per ENI for pod IPs, assigned at create and kept (additive: issue 17's pod IPs).</summary>
    [Id(17)]
    [JsonPropertyName("ipv4PrefixCount")]
    public int? Ipv4PrefixCount { get; init; }

    /// <summary>Single secondary IPv4 addresses per ENI, for instance types without prefix support; assigned at create and kept.</summary>
    [Id(18)]
    [JsonPropertyName("secondaryIPv4Count")]
    public int? SecondaryIpv4Count { get; init; }

    /// <summary>Free pod IPs to keep on each ENI beyond those in use: the fleet adds prefixes (or IPs) as the agent reports use.</summary>
    [Id(19)]
    [JsonPropertyName("warmIPTarget")]
    public int? WarmIpTarget { get; init; }

    /// <summary>Pod IPs each ENI holds at least, in use or not.</summary>
    [Id(20)]
    [JsonPropertyName("minimumIPTarget")]
    public int? MinimumIpTarget { get; init; }

    /// <summary>IPv6 /80 prefixes per ENI, where the subnet has an IPv6 CIDR.</summary>
    [Id(21)]
    [JsonPropertyName("ipv6PrefixCount")]
    public int? Ipv6PrefixCount { get; init; }

    // Unknown fields matter for the JSON round trip with the API server, not between grains.
    [JsonExtensionData]
    [field: NonSerialized]
    public Dictionary<string, JsonElement>? Unknown { get; init; }

    [JsonIgnore]
    public int EffectiveDeviceIndex => DeviceIndex ?? DefaultDeviceIndex;

    [JsonIgnore]
    public bool EffectiveDeleteOnTermination => DeleteOnTermination ?? true;

    [JsonIgnore]
    public bool EffectiveDpdk => EnableDpdk == true || DpdkEnabled == true;

    [JsonIgnore]
    public string EffectiveDpdkDriver => DpdkDriver ?? DefaultDpdkDriver;

    /// <summary>Subnet IDs in spec order: <c>subnetID</c> first, then <c>subnetIDs</c>, without repeats.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> AllSubnetIds => Sources(SubnetId, SubnetIds);

    /// <summary>Subnet Name tags in spec order: <c>subnetName</c> first, then <c>subnetNames</c>, without repeats.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> AllSubnetNames => Sources(SubnetName, SubnetNames);

    private static List<string> Sources(string? single, IReadOnlyList<string>? many) =>
        (single is null ? [] : new[] { single }).Concat(many ?? []).Distinct(StringComparer.Ordinal).ToList();
}
