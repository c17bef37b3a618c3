using Amazon.EC2;
using Amazon.EC2.Model;

namespace AwsMultiEni.Silo.Aws;

/// <summary>SDK shapes to the port's records, so no SDK type leaves the gateway.</summary>
internal static class Ec2Mapping
{
    public static Ec2Subnet ToSubnet(Subnet subnet) => new(
        subnet.SubnetId,
        subnet.VpcId,
        subnet.AvailabilityZone,
        subnet.CidrBlock,
        NameOf(subnet.Tags),
        subnet.Ipv6CidrBlockAssociationSet?.FirstOrDefault(association => association.Ipv6CidrBlockState?.State == SubnetCidrBlockStateCode.Associated)?.Ipv6CidrBlock);

    /// <summary>Prefix delegation needs the Nitro system: a <c>nitro</c> hypervisor, or bare metal (which reports none).</summary>
    public static Ec2InstanceTypeLimits ToLimits(InstanceTypeInfo type) => new(
        type.NetworkInfo.MaximumNetworkInterfaces ?? 0,
        type.NetworkInfo.Ipv4AddressesPerInterface ?? 0,
        type.NetworkInfo.Ipv6AddressesPerInterface ?? 0,
        type.NetworkInfo.Ipv6Supported ?? false,
        type.Hypervisor == InstanceTypeHypervisor.Nitro || type.BareMetal == true);

    /// <summary>The addresses of <paramref name="wanted"/> that <paramref name="assigned"/> still holds.</summary>
    public static EniAddresses StillAssigned(EniAddresses wanted, EniAddresses assigned) => new(
        [.. wanted.Ipv4Prefixes.Intersect(assigned.Ipv4Prefixes, StringComparer.Ordinal)],
        [.. wanted.SecondaryIpv4Addresses.Intersect(assigned.SecondaryIpv4Addresses, StringComparer.Ordinal)],
        [.. wanted.Ipv6Prefixes.Intersect(assigned.Ipv6Prefixes, StringComparer.Ordinal)]);

    public static int Count(EniAddresses addresses) => addresses.Ipv4Prefixes.Count + addresses.SecondaryIpv4Addresses.Count + addresses.Ipv6Prefixes.Count;

    /// <summary>A count EC2 should see, or null to leave the parameter out (EC2 reads 0 as a request too).</summary>
    public static int? CountOrNull(int? count) => count > 0 ? count : null;

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
        (eni.TagSet ?? []).ToDictionary(tag => tag.Key, tag => tag.Value, StringComparer.Ordinal),
        new EniAddresses(
            [.. (eni.Ipv4Prefixes ?? []).Select(prefix => prefix.Ipv4Prefix)],
            [.. (eni.PrivateIpAddresses ?? []).Where(address => address.Primary != true && address.PrivateIpAddress != eni.PrivateIpAddress).Select(address => address.PrivateIpAddress)],
            [.. (eni.Ipv6Prefixes ?? []).Select(prefix => prefix.Ipv6Prefix)]));

    public static List<Tag> ToTags(IReadOnlyDictionary<string, string> tags) => [.. tags.Select(tag => new Tag(tag.Key, tag.Value))];

    public static Filter Filter(string name, IEnumerable<string> values) => new(name, [.. values]);

    private static string? NameOf(List<Tag>? tags) => tags?.FirstOrDefault(tag => tag.Key == "Name")?.Value;
}
