using System.Net;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>A VPC of the emulated world.</summary>
internal sealed record EmulatedVpc(string VpcId, IPNetwork Cidr);

/// <summary>A subnet; it hands out private addresses in order, after the four EC2 reserves at its start.</summary>
internal sealed class EmulatedSubnet(string subnetId, string vpcId, IPNetwork cidr, string availabilityZone)
{
    private uint _nextHost = 4;

    public string SubnetId { get; } = subnetId;

    public string VpcId { get; } = vpcId;

    public IPNetwork Cidr { get; } = cidr;

    public string AvailabilityZone { get; } = availabilityZone;

    public int AddressCount => 1 << (32 - Cidr.PrefixLength);

    /// <summary>The next unused private address, or null when the subnet is full (the last address is EC2's broadcast reserve).</summary>
    public string? NextAddress()
    {
        if (_nextHost >= AddressCount - 1)
        {
            return null;
        }

        var bytes = Cidr.BaseAddress.GetAddressBytes();
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + _nextHost++;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
    }
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

    public bool Deleted { get; set; }

    public string Status => Attachment is null ? "available" : "in-use";
}
