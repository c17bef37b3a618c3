namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>An attachment as describes show it at one moment.</summary>
internal sealed record AttachmentView(string AttachmentId, string InstanceId, int DeviceIndex, int NetworkCardIndex, DateTime AttachTime, string Status, bool DeleteOnTermination)
{
    public static AttachmentView Of(EmulatedAttachment attachment) => new(
        attachment.AttachmentId, attachment.InstanceId, attachment.DeviceIndex, attachment.NetworkCardIndex, attachment.AttachTime, attachment.Status, attachment.DeleteOnTermination);
}

/// <summary>An ENI as describes show it at one moment: a copy, so later changes do not reach it.</summary>
internal sealed record NetworkInterfaceView(
    string NetworkInterfaceId,
    EmulatedSubnet Subnet,
    string MacAddress,
    string PrivateIpAddress,
    string InterfaceType,
    string Description,
    IReadOnlyList<string> GroupIds,
    AttachmentView? Attachment,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> SecondaryIps,
    IReadOnlyList<string> Ipv4Prefixes,
    IReadOnlyList<string> Ipv6Prefixes)
{
    public string Status => Attachment is null ? "available" : "in-use";

    /// <summary>Every private IPv4 address of the ENI, the primary first.</summary>
    public IReadOnlyList<string> PrivateIpAddresses => [PrivateIpAddress, .. SecondaryIps];

    public static NetworkInterfaceView Of(EmulatedNetworkInterface eni, IReadOnlyDictionary<string, string> tags) => new(
        eni.NetworkInterfaceId,
        eni.Subnet,
        eni.MacAddress,
        eni.PrivateIpAddress,
        eni.InterfaceType,
        eni.Description,
        [.. eni.GroupIds],
        eni.Attachment is null ? null : AttachmentView.Of(eni.Attachment),
        new Dictionary<string, string>(tags, StringComparer.Ordinal),
        [.. eni.SecondaryIps],
        [.. eni.Ipv4Prefixes],
        [.. eni.Ipv6Prefixes]);
}

/// <summary>An instance as describes show it at one moment.</summary>
internal sealed record InstanceView(
    string InstanceId,
    string InstanceType,
    EmulatedSubnet Subnet,
    string ImageId,
    string? ClientToken,
    DateTime LaunchTime,
    string State,
    IReadOnlyDictionary<string, string> Tags)
{
    public int StateCode => State == "running" ? 16 : 48;

    public static InstanceView Of(EmulatedInstance instance, IReadOnlyDictionary<string, string> tags) => new(
        instance.InstanceId, instance.InstanceType, instance.Subnet, instance.ImageId, instance.ClientToken, instance.LaunchTime, instance.State,
        new Dictionary<string, string>(tags, StringComparer.Ordinal));
}
