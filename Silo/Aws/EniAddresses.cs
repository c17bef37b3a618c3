namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// Addresses of an ENI beyond its primary private IP (which stays in <see cref="Ec2NetworkInterface.PrivateIpAddress"/>):
/// IPv4 /28 prefixes (<c>10.0.1.16/28</c>), secondary IPv4 addresses, and IPv6 /80 prefixes, each in EC2's order.
/// </summary>
public sealed record EniAddresses(IReadOnlyList<string> Ipv4Prefixes, IReadOnlyList<string> SecondaryIpv4Addresses, IReadOnlyList<string> Ipv6Prefixes)
{
    public static readonly EniAddresses None = new([], [], []);

    public bool IsNone => Ipv4Prefixes.Count == 0 && SecondaryIpv4Addresses.Count == 0 && Ipv6Prefixes.Count == 0;
}
