using System.Net;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>A VPC of the emulated world; <see cref="Ipv6Cidr"/> is its Amazon-provided /56, when it asked for one.</summary>
internal sealed record EmulatedVpc(string VpcId, IPNetwork Cidr, IPNetwork? Ipv6Cidr);

/// <summary>A subnet: its IPv4 range with the addresses and /28 prefixes in use, and an optional IPv6 /64 for /80 prefixes.</summary>
internal sealed class EmulatedSubnet(string subnetId, string vpcId, IPNetwork cidr, string availabilityZone, IPNetwork? ipv6Cidr)
{
    public string SubnetId { get; } = subnetId;

    public string VpcId { get; } = vpcId;

    public IPNetwork Cidr { get; } = cidr;

    public string AvailabilityZone { get; } = availabilityZone;

    public SubnetAddressSpace Addresses { get; } = new(subnetId, cidr);

    /// <summary>Null when the subnet has no IPv6 CIDR block.</summary>
    public Ipv6PrefixPool? Ipv6 { get; } = ipv6Cidr is { } block ? new Ipv6PrefixPool(block) : null;
}

/// <summary>A security group.</summary>
internal sealed record EmulatedSecurityGroup(string GroupId, string GroupName, string Description, string VpcId);

/// <summary>An instance; its interfaces live on the ENIs (attachment.InstanceId), as in EC2.</summary>
internal sealed class EmulatedInstance(string instanceId, string instanceType, EmulatedSubnet subnet, string imageId, string? clientToken, DateTime launchTime)
{
    public string InstanceId { get; } = instanceId;

    public string InstanceType { get; } = instanceType;

    public EmulatedSubnet Subnet { get; } = subnet;

    public string ImageId { get; } = imageId;

    public string? ClientToken { get; } = clientToken;

    public DateTime LaunchTime { get; } = launchTime;

    public string State { get; set; } = "running";

    public int StateCode => State == "running" ? 16 : 48;
}

/// <summary>An attachment of an ENI; <see cref="Status"/> moves on when <see cref="SettlesAt"/> passes.</summary>
internal sealed class EmulatedAttachment(string attachmentId, string instanceId, int deviceIndex, int networkCardIndex, DateTime attachTime)
{
    public string AttachmentId { get; } = attachmentId;

    public string InstanceId { get; } = instanceId;

    public int DeviceIndex { get; } = deviceIndex;

    public int NetworkCardIndex { get; } = networkCardIndex;

    public DateTime AttachTime { get; } = attachTime;

    public string Status { get; set; } = "attaching";

    public bool DeleteOnTermination { get; set; }

    public DateTime SettlesAt { get; set; }
}

/// <summary>An ENI; deleted ones are kept (not described) so a repeated ClientToken still answers.</summary>
internal sealed class EmulatedNetworkInterface(string id, EmulatedSubnet subnet, string macAddress, string privateIp, string description, IReadOnlyList<string> groupIds, string interfaceType)
{
    public string NetworkInterfaceId { get; } = id;

    public EmulatedSubnet Subnet { get; } = subnet;

    public string MacAddress { get; } = macAddress;

    public string PrivateIpAddress { get; } = privateIp;

    public string InterfaceType { get; } = interfaceType;

    public string Description { get; set; } = description;

    public IReadOnlyList<string> GroupIds { get; set; } = groupIds;

    public EmulatedAttachment? Attachment { get; set; }

    /// <summary>Secondary private IPv4 addresses, in the order they were assigned (the primary is not among them).</summary>
    public List<string> SecondaryIps { get; } = [];

    public List<string> Ipv4Prefixes { get; } = [];

    public List<string> Ipv6Prefixes { get; } = [];

    /// <summary>The interface's IPv4 address slots in use: the primary, each secondary IP, and each prefix counted as one.</summary>
    public int Ipv4Slots => 1 + SecondaryIps.Count + Ipv4Prefixes.Count;

    public bool Deleted { get; set; }

    public string Status => Attachment is null ? "available" : "in-use";
}
