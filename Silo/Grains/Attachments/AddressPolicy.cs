using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// The pod addresses a NodeENI wants on each of its ENIs: a base of /28 prefixes or of single secondary IPs, assigned
/// at create and kept, grown and shrunk in whole units around the warm and minimum targets, and IPv6 /80 prefixes.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AddressPolicy(
    [property: Id(0)] int Ipv4Prefixes,
    [property: Id(1)] int SecondaryIpv4Addresses,
    [property: Id(2)] int Ipv6Prefixes,
    [property: Id(3)] int WarmIps,
    [property: Id(4)] int MinimumIps)
{
    /// <summary>Addresses in one /28 prefix.</summary>
    public const int PrefixSize = 16;

    /// <summary>Prefixes when the spec asks for them, single IPs otherwise (and for a spec with targets only).</summary>
    public bool UsesPrefixes => Ipv4Prefixes > 0;

    /// <summary>Addresses one IPv4 unit (a prefix or an IP) adds.</summary>
    public int UnitSize => UsesPrefixes ? PrefixSize : 1;

    /// <summary>The IPv4 units kept whatever the use: the spec's count.</summary>
    public int BaseUnits => UsesPrefixes ? Ipv4Prefixes : SecondaryIpv4Addresses;

    /// <summary>The IPv4 units a new ENI gets: its base, or more when the targets already ask for more with no pod yet.</summary>
    public int InitialUnits => Math.Max(BaseUnits, CeilingUnits(Math.Max(WarmIps, MinimumIps)));

    /// <summary>Whether the units follow the node's use (a warm or minimum target), beyond the fixed base.</summary>
    public bool Dynamic => WarmIps > 0 || MinimumIps > 0;

    public int CeilingUnits(int addresses) => (addresses + UnitSize - 1) / UnitSize;

    /// <summary>The policy a spec asks for, or null when it asks for no pod addresses.</summary>
    public static AddressPolicy? For(NodeEniSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var policy = new AddressPolicy(spec.Ipv4PrefixCount ?? 0, spec.SecondaryIpv4Count ?? 0, spec.Ipv6PrefixCount ?? 0, spec.WarmIpTarget ?? 0, spec.MinimumIpTarget ?? 0);
        return policy is { Ipv4Prefixes: 0, SecondaryIpv4Addresses: 0, Ipv6Prefixes: 0, WarmIps: 0, MinimumIps: 0 } ? null : policy;
    }
}
