using System.Globalization;
using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;
using static AwsMultiEni.Sandbox.Ec2.Protocol.Ec2Xml;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>CreateNetworkInterface, DeleteNetworkInterface, ModifyNetworkInterfaceAttribute, DescribeNetworkInterfaces.</summary>
internal static class NetworkInterfaceActions
{
    private static readonly Ec2FilterAttributes<NetworkInterfaceView> Attributes = new()
    {
        ["network-interface-id"] = eni => [eni.NetworkInterfaceId],
        ["subnet-id"] = eni => [eni.Subnet.SubnetId],
        ["vpc-id"] = eni => [eni.Subnet.VpcId],
        ["availability-zone"] = eni => [eni.Subnet.AvailabilityZone],
        ["status"] = eni => [eni.Status],
        ["description"] = eni => [eni.Description],
        ["mac-address"] = eni => [eni.MacAddress],
        ["private-ip-address"] = eni => eni.PrivateIpAddresses,
        ["addresses.private-ip-address"] = eni => eni.PrivateIpAddresses,
        ["addresses.primary"] = eni => eni.SecondaryIps.Count == 0 ? ["true"] : ["true", "false"],
        ["ipv4-prefix"] = eni => eni.Ipv4Prefixes,
        ["ipv6-prefix"] = eni => eni.Ipv6Prefixes,
        ["group-id"] = eni => eni.GroupIds,
        ["owner-id"] = eni => [Ec2World.OwnerId],
        ["interface-type"] = eni => [eni.InterfaceType],
        ["attachment.instance-id"] = eni => eni.Attachment is null ? [] : [eni.Attachment.InstanceId],
        ["attachment.attachment-id"] = eni => eni.Attachment is null ? [] : [eni.Attachment.AttachmentId],
        ["attachment.status"] = eni => eni.Attachment is null ? [] : [eni.Attachment.Status],
        ["attachment.device-index"] = eni => eni.Attachment is null ? [] : [eni.Attachment.DeviceIndex.ToString(CultureInfo.InvariantCulture)],
        ["attachment.delete-on-termination"] = eni => eni.Attachment is null ? [] : [eni.Attachment.DeleteOnTermination ? "true" : "false"],
    };

    public static IReadOnlyDictionary<string, Ec2Action> Actions { get; } = new Dictionary<string, Ec2Action>
    {
        ["CreateNetworkInterface"] = (world, request) =>
        {
            var clientToken = request.String("ClientToken");
            var eni = world.CreateNetworkInterface(
                request.Required("SubnetId"), request.List("SecurityGroupId"), request.String("Description"), clientToken, request.TagsOnCreate("network-interface"),
                request.String("PrivateIpAddress"), AddressParameters.OfCreate(request));
            return [E("networkInterface", [.. NetworkInterface(world, NetworkInterfaceView.Of(eni, world.TagsOf(eni.NetworkInterfaceId)))]), E("clientToken", clientToken)];
        },
        ["DeleteNetworkInterface"] = (world, request) =>
        {
            world.Delete(request.Required("NetworkInterfaceId"));
            return [Return()];
        },
        ["ModifyNetworkInterfaceAttribute"] = (world, request) =>
        {
            var eni = world.NetworkInterface(request.Required("NetworkInterfaceId"));
            var attachmentId = request.String("Attachment.AttachmentId");
            var description = request.String("Description.Value");
            var groups = request.List("SecurityGroupId");
            var changes = (attachmentId is null ? 0 : 1) + (description is null ? 0 : 1) + (groups.Count == 0 ? 0 : 1);
            if (changes != 1)
            {
                throw new Ec2ApiError("InvalidParameterCombination", "Exactly one attribute must be modified per request.");
            }

            if (attachmentId is not null)
            {
                var deleteOnTermination = request.Bool("Attachment.DeleteOnTermination") ?? throw Ec2ApiError.Missing("Attachment.DeleteOnTermination");
                world.ModifyAttachment(eni.NetworkInterfaceId, attachmentId, deleteOnTermination);
            }
            else if (description is not null)
            {
                world.SetDescription(eni, description);
            }
            else
            {
                world.SetGroups(eni, groups);
            }

            return [Return()];
        },
        ["DescribeNetworkInterfaces"] = (world, request) =>
        {
            var ids = request.List("NetworkInterfaceId");
            if (ids.Count > 0 && request.String("MaxResults") is not null)
            {
                throw new Ec2ApiError("InvalidParameterCombination", "The parameter NetworkInterfaceIds cannot be used with the parameter MaxResults");
            }

            var (page, next) = Ec2Describe.Select(
                world.VisibleInterfaces(), eni => eni.NetworkInterfaceId, ids, id => Ec2ApiError.NotFound("InvalidNetworkInterfaceID.NotFound", "networkInterface", id), request,
                Attributes,
                eni => eni.Tags);
            return Ec2Describe.Page("networkInterfaceSet", page.Select(eni => NetworkInterface(world, eni)), next);
        },
    };

    public static IEnumerable<object?> Attachment(AttachmentView attachment, bool includeInstance) =>
    [
        E("attachmentId", attachment.AttachmentId), includeInstance ? E("instanceId", attachment.InstanceId) : null,
        includeInstance ? E("instanceOwnerId", Ec2World.OwnerId) : null, E("deviceIndex", attachment.DeviceIndex),
        E("networkCardIndex", attachment.NetworkCardIndex), E("status", attachment.Status), E("attachTime", attachment.AttachTime),
        E("deleteOnTermination", attachment.DeleteOnTermination),
    ];

    private static IEnumerable<object?> NetworkInterface(Ec2World world, NetworkInterfaceView eni) =>
    [
        E("networkInterfaceId", eni.NetworkInterfaceId), E("subnetId", eni.Subnet.SubnetId), E("vpcId", eni.Subnet.VpcId),
        E("availabilityZone", eni.Subnet.AvailabilityZone), E("description", eni.Description), E("ownerId", Ec2World.OwnerId),
        E("requesterManaged", false), E("status", eni.Status), E("macAddress", eni.MacAddress), E("privateIpAddress", eni.PrivateIpAddress),
        E("sourceDestCheck", true), E("interfaceType", eni.InterfaceType), Set("groupSet", eni.GroupIds.Select(InstanceActions.GroupItem(world))),
        eni.Attachment is null ? null : E("attachment", [.. Attachment(eni.Attachment, includeInstance: true)]),
        TagSet(eni.Tags),
        Set("privateIpAddressesSet", eni.PrivateIpAddresses.Select(address => new object?[] { E("privateIpAddress", address), E("primary", address == eni.PrivateIpAddress) })),
        Set("ipv4PrefixSet", eni.Ipv4Prefixes.Select(prefix => new object?[] { E("ipv4Prefix", prefix) })),
        Set("ipv6PrefixSet", eni.Ipv6Prefixes.Select(prefix => new object?[] { E("ipv6Prefix", prefix) })),
        Set("ipv6AddressesSet", []),
    ];
}
