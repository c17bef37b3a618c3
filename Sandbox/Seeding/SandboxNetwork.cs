namespace AwsMultiEni.Sandbox.Seeding;

/// <summary>
/// The shape of the seeded network. Names are those the README examples use
/// (<c>multus-subnet-a</c>, <c>multus-sg</c>, …), so the by-name examples apply unchanged.
/// </summary>
public static class SandboxNetwork
{
    public const string VpcName = "awsmultieni-sandbox";
    public const string VpcCidr = "10.0.0.0/16";
    public const string MultusSecurityGroup = "multus-sg";
    public const string JumboSecurityGroup = "multus-jumbo-sg";
    public const string NodeSecurityGroup = "eks-nodes-sg";
    public const string ImageId = "ami-0abcdef1234567890";

    /// <summary>Zone suffixes of the three zones used.</summary>
    public static IReadOnlyList<char> ZoneSuffixes { get; } = ['a', 'b', 'c'];

    /// <summary>Instance types cycled over a cluster's nodes; every one has room for device indexes 1 to 3.</summary>
    public static IReadOnlyList<string> InstanceTypes { get; } = ["m5.xlarge", "c5n.xlarge", "m5.2xlarge"];

    /// <summary>Subnet for secondary (Multus) ENIs in one zone: third octet 1, 2, 3.</summary>
    public static (string Name, string Cidr) MultusSubnet(int zone) => ($"multus-subnet-{ZoneSuffixes[zone]}", $"10.0.{zone + 1}.0/24");

    /// <summary>Subnet the nodes' primary ENIs live in, per zone: a /20 each, room for thousands of nodes.</summary>
    public static (string Name, string Cidr) NodeSubnet(int zone) => ($"nodes-{ZoneSuffixes[zone]}", $"10.0.{(zone + 1) * 16}.0/20");
}
