namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// The network limits of an instance type, from DescribeInstanceTypes. An interface's IPv4 slots are its primary IP, each
/// secondary IP and each /28 prefix (a prefix counts as one) and must stay within <see cref="Ipv4AddressesPerInterface"/>.
/// <see cref="SupportsPrefixes"/> is true on the Nitro system (hypervisor <c>nitro</c>, or bare metal); Xen types refuse prefixes.
/// </summary>
public sealed record Ec2InstanceTypeLimits(int MaxNetworkInterfaces, int Ipv4AddressesPerInterface, int Ipv6AddressesPerInterface, bool Ipv6Supported, bool SupportsPrefixes);
