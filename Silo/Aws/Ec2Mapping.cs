using Amazon.EC2.Model;

namespace AwsMultiEni.Silo.Aws;

/// <summary>SDK shapes to the port's records, so no SDK type leaves the gateway.</summary>
internal static class Ec2Mapping
{
    public static Ec2Subnet ToSubnet(Subnet subnet) =>
        new(subnet.SubnetId, subnet.VpcId, subnet.AvailabilityZone, subnet.CidrBlock, NameOf(subnet.Tags));

    public static Ec2SecurityGroup ToSecurityGroup(SecurityGroup group) =>
        new(group.GroupId, group.GroupName, group.VpcId, NameOf(group.Tags));

    public static Ec2Instance ToInstance(Instance instance) => new(
        instance.InstanceId,
        instance.InstanceType?.Value ?? string.Empty,
        instance.Placement?.AvailabilityZone ?? string.Empty,
        instance.State?.Name?.Value ?? string.Empty,
        [.. (instance.NetworkInterfaces ?? []).Where(eni => eni.Attachment is not null).Select(eni => new Ec2InstanceInterface(
            eni.NetworkInterfaceId,
            eni.Attachment.AttachmentId,
            eni.Attachment.DeviceIndex ?? 0,
            eni.Attachment.Status?.Value ?? string.Empty,
            eni.MacAddress))]);

    public static Ec2NetworkInterface ToNetworkInterface(NetworkInterface eni) => new(
        eni.NetworkInterfaceId,
        eni.SubnetId,
        eni.VpcId,
        eni.AvailabilityZone,
        eni.Status?.Value ?? string.Empty,
        eni.MacAddress,
        eni.PrivateIpAddress,
        eni.Description,
        [.. (eni.Groups ?? []).Select(group => group.GroupId)],
        eni.Attachment is { AttachmentId: not null } attachment
            ? new Ec2EniAttachment(attachment.AttachmentId, attachment.InstanceId, attachment.DeviceIndex ?? 0, attachment.Status?.Value ?? string.Empty, attachment.DeleteOnTermination ?? false)
            : null,
        (eni.TagSet ?? []).ToDictionary(tag => tag.Key, tag => tag.Value, StringComparer.Ordinal));

    public static List<Tag> ToTags(IReadOnlyDictionary<string, string> tags) => [.. tags.Select(tag => new Tag(tag.Key, tag.Value))];

    public static Filter Filter(string name, IEnumerable<string> values) => new(name, [.. values]);

    private static string? NameOf(List<Tag>? tags) => tags?.FirstOrDefault(tag => tag.Key == "Name")?.Value;
}
