using System.Collections.Frozen;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>
/// Network limits of one instance type, as DescribeInstanceTypes reports them. <see cref="Hypervisor"/> is <c>nitro</c> or
/// <c>xen</c>, and null for bare metal, which EC2 reports with <c>bareMetal</c> and no hypervisor.
/// </summary>
internal sealed record InstanceTypeLimits(string InstanceType, int MaximumNetworkInterfaces, int NetworkCards, int Ipv4AddressesPerInterface, string? Hypervisor = "nitro")
{
    public int InterfacesPerCard => MaximumNetworkInterfaces / NetworkCards;

    public bool BareMetal => Hypervisor is null;

    /// <summary>IPv6 addresses per interface: equal to the IPv4 figure for every type in this catalog (EC2's own data says so).</summary>
    public int Ipv6AddressesPerInterface => Ipv4AddressesPerInterface;

    /// <summary>Every type in this catalog supports IPv6.</summary>
    public bool Ipv6Supported => true;

    /// <summary>Prefix delegation needs the Nitro system: Nitro-hypervisor and bare-metal types have it, Xen ones do not.</summary>
    public bool SupportsPrefixes => Hypervisor != "xen";
}

/// <summary>
/// Real instance types with their network limits and hypervisor (EC2 DescribeInstanceTypes, NetworkInfo). The largest
/// types spread interfaces over several network cards; t2 is the Xen family, without prefix delegation.
/// </summary>
internal static class InstanceTypeCatalog
{
    public static FrozenDictionary<string, InstanceTypeLimits> All { get; } = new InstanceTypeLimits[]
    {
        new("t2.nano", 2, 1, 2, "xen"), new("t2.micro", 2, 1, 2, "xen"), new("t2.small", 3, 1, 4, "xen"), new("t2.medium", 3, 1, 6, "xen"),
        new("t2.large", 3, 1, 12, "xen"),
        new("t3.nano", 2, 1, 2), new("t3.micro", 2, 1, 2), new("t3.small", 3, 1, 4), new("t3.medium", 3, 1, 6),
        new("t3.large", 3, 1, 12), new("t3.xlarge", 4, 1, 15), new("t3.2xlarge", 4, 1, 15),
        new("m5.large", 3, 1, 10), new("m5.xlarge", 4, 1, 15), new("m5.2xlarge", 4, 1, 15), new("m5.4xlarge", 8, 1, 30),
        new("m5.8xlarge", 8, 1, 30), new("m5.12xlarge", 8, 1, 30), new("m5.16xlarge", 15, 1, 50), new("m5.24xlarge", 15, 1, 50),
        new("m5.metal", 15, 1, 50, null),
        new("c5n.large", 3, 1, 10), new("c5n.xlarge", 4, 1, 15), new("c5n.2xlarge", 4, 1, 15), new("c5n.4xlarge", 8, 1, 30),
        new("c5n.9xlarge", 8, 1, 30), new("c5n.18xlarge", 15, 1, 50), new("c5n.metal", 15, 1, 50, null),
        new("c6in.large", 3, 1, 10), new("c6in.xlarge", 4, 1, 15), new("c6in.2xlarge", 4, 1, 15), new("c6in.4xlarge", 8, 1, 30),
        new("c6in.8xlarge", 8, 1, 30), new("c6in.12xlarge", 8, 1, 30), new("c6in.16xlarge", 15, 1, 50), new("c6in.24xlarge", 15, 1, 50),
        new("c6in.32xlarge", 16, 2, 50), new("c6in.metal", 16, 2, 50, null),
        new("r5.large", 3, 1, 10), new("r5.xlarge", 4, 1, 15), new("r5.2xlarge", 4, 1, 15), new("r5.4xlarge", 8, 1, 30),
        new("r5.8xlarge", 8, 1, 30), new("r5.12xlarge", 8, 1, 30), new("r5.16xlarge", 15, 1, 50), new("r5.24xlarge", 15, 1, 50),
        new("r5.metal", 15, 1, 50, null),
    }.ToFrozenDictionary(limits => limits.InstanceType, StringComparer.Ordinal);
}
