using System.Collections.Frozen;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>Network limits of one instance type, as DescribeInstanceTypes reports them.</summary>
internal sealed record InstanceTypeLimits(string InstanceType, int MaximumNetworkInterfaces, int NetworkCards, int Ipv4AddressesPerInterface)
{
    public int InterfacesPerCard => MaximumNetworkInterfaces / NetworkCards;
}

/// <summary>
/// Real instance types and their maximum network interfaces (EC2 DescribeInstanceTypes, NetworkInfo).
/// The largest types spread interfaces over several network cards.
/// </summary>
internal static class InstanceTypeCatalog
{
    public static FrozenDictionary<string, InstanceTypeLimits> All { get; } = new InstanceTypeLimits[]
    {
        new("t3.nano", 2, 1, 2), new("t3.micro", 2, 1, 2), new("t3.small", 3, 1, 4), new("t3.medium", 3, 1, 6),
        new("t3.large", 3, 1, 12), new("t3.xlarge", 4, 1, 15), new("t3.2xlarge", 4, 1, 15),
        new("m5.large", 3, 1, 10), new("m5.xlarge", 4, 1, 15), new("m5.2xlarge", 4, 1, 15), new("m5.4xlarge", 8, 1, 30),
        new("m5.8xlarge", 8, 1, 30), new("m5.12xlarge", 8, 1, 30), new("m5.16xlarge", 15, 1, 50), new("m5.24xlarge", 15, 1, 50),
        new("m5.metal", 15, 1, 50),
        new("c5n.large", 3, 1, 10), new("c5n.xlarge", 4, 1, 15), new("c5n.2xlarge", 4, 1, 15), new("c5n.4xlarge", 8, 1, 30),
        new("c5n.9xlarge", 8, 1, 30), new("c5n.18xlarge", 15, 1, 50), new("c5n.metal", 15, 1, 50),
        new("c6in.large", 3, 1, 10), new("c6in.xlarge", 4, 1, 15), new("c6in.2xlarge", 4, 1, 15), new("c6in.4xlarge", 8, 1, 30),
        new("c6in.8xlarge", 8, 1, 30), new("c6in.12xlarge", 8, 1, 30), new("c6in.16xlarge", 15, 1, 50), new("c6in.24xlarge", 15, 1, 50),
        new("c6in.32xlarge", 16, 2, 50), new("c6in.metal", 16, 2, 50),
        new("r5.large", 3, 1, 10), new("r5.xlarge", 4, 1, 15), new("r5.2xlarge", 4, 1, 15), new("r5.4xlarge", 8, 1, 30),
        new("r5.8xlarge", 8, 1, 30), new("r5.12xlarge", 8, 1, 30), new("r5.16xlarge", 15, 1, 50), new("r5.24xlarge", 15, 1, 50),
        new("r5.metal", 15, 1, 50),
    }.ToFrozenDictionary(limits => limits.InstanceType, StringComparer.Ordinal);
}
