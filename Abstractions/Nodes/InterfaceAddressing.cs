using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.Nodes;

/// <summary>
/// The pod addresses an ENI carries, for the node's IPAM: its subnet and gateway, and the ranges EC2 assigned to it.
/// IPv6 ranges come with the subnet's IPv6 CIDR, when it has one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InterfaceAddressing(
    [property: Id(0)] string SubnetCidr,
    [property: Id(1)] string Gateway,
    [property: Id(2)] IReadOnlyList<AddressRange> Ipv4Ranges,
    [property: Id(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ipv6SubnetCidr = null,
    [property: Id(4)] IReadOnlyList<AddressRange>? Ipv6Ranges = null)
{
    // Ranges compare by content: a desired set handed over again unchanged must not look new to the node.
    public bool Equals(InterfaceAddressing? other) =>
        other is not null
        && SubnetCidr == other.SubnetCidr
        && Gateway == other.Gateway
        && Ipv6SubnetCidr == other.Ipv6SubnetCidr
        && Ipv4Ranges.SequenceEqual(other.Ipv4Ranges)
        && (Ipv6Ranges ?? []).SequenceEqual(other.Ipv6Ranges ?? []);

    public override int GetHashCode() => HashCode.Combine(SubnetCidr, Ipv4Ranges.Count);
}
