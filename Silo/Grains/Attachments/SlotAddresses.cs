using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// The pod addresses EC2 holds on one ENI, as the fleet last learned them (from the create's answer, an assign's, or
/// a describe), and which of them are draining: taken from the node's IPAM before they go back to EC2.
/// </summary>
[GenerateSerializer]
public sealed record SlotAddresses
{
    public static readonly SlotAddresses None = new();

    [Id(0)]
    public List<string> Ipv4Prefixes { get; init; } = [];

    [Id(1)]
    public List<string> SecondaryIpv4 { get; init; } = [];

    [Id(2)]
    public List<string> Ipv6Prefixes { get; init; } = [];

    [Id(3)]
    public List<string> Draining { get; init; } = [];

    /// <summary>IPv4 ranges in the node's terms: every prefix, and every single IP as a /32.</summary>
    public IEnumerable<string> Ipv4Ranges => Ipv4Prefixes.Concat(SecondaryIpv4.Select(ip => $"{ip}/32"));

    /// <summary>IPv4 address slots of the interface these take (a prefix takes one, as an IP does).</summary>
    public int Ipv4Slots => Ipv4Prefixes.Count + SecondaryIpv4.Count;

    public static SlotAddresses From(EniAddresses? addresses) => addresses is null ? None : new()
    {
        Ipv4Prefixes = [.. addresses.Ipv4Prefixes],
        SecondaryIpv4 = [.. addresses.SecondaryIpv4Addresses],
        Ipv6Prefixes = [.. addresses.Ipv6Prefixes],
    };

    /// <summary>These plus what an assign added.</summary>
    public SlotAddresses With(EniAddresses added) => this with
    {
        Ipv4Prefixes = [.. Ipv4Prefixes.Union(added.Ipv4Prefixes, StringComparer.Ordinal)],
        SecondaryIpv4 = [.. SecondaryIpv4.Union(added.SecondaryIpv4Addresses, StringComparer.Ordinal)],
        Ipv6Prefixes = [.. Ipv6Prefixes.Union(added.Ipv6Prefixes, StringComparer.Ordinal)],
    };

    /// <summary>These without one range (a prefix, or an IP as <c>a.b.c.d/32</c>) that went back to EC2.</summary>
    public SlotAddresses Without(string range) => this with
    {
        Ipv4Prefixes = [.. Ipv4Prefixes.Where(p => p != range)],
        SecondaryIpv4 = [.. SecondaryIpv4.Where(ip => $"{ip}/32" != range)],
        Draining = [.. Draining.Where(d => d != range)],
    };

    /// <summary>The EC2 request that gives <paramref name="range"/> back.</summary>
    public static EniAddresses Unassigning(string range) =>
        range.EndsWith("/32", StringComparison.Ordinal) ? new([], [range[..^3]], []) : new([range], [], []);

    // Lists compare by content: the slot's record equality decides whether a tick changed anything.
    public bool Equals(SlotAddresses? other) =>
        other is not null
        && Ipv4Prefixes.SequenceEqual(other.Ipv4Prefixes)
        && SecondaryIpv4.SequenceEqual(other.SecondaryIpv4)
        && Ipv6Prefixes.SequenceEqual(other.Ipv6Prefixes)
        && Draining.SequenceEqual(other.Draining);

    public override int GetHashCode() => HashCode.Combine(Ipv4Prefixes.Count, SecondaryIpv4.Count, Ipv6Prefixes.Count, Draining.Count);
}
