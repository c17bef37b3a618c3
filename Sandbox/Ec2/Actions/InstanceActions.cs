using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;
using static AwsMultiEni.Sandbox.Ec2.Protocol.Ec2Xml;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>RunInstances, TerminateInstances, DescribeInstances.</summary>
internal static class InstanceActions
{
    public static IReadOnlyDictionary<string, Ec2Action> Actions { get; } = new Dictionary<string, Ec2Action>
    {
        ["RunInstances"] = (world, request) =>
        {
            var min = request.Int("MinCount") ?? throw Ec2ApiError.Missing("MinCount");
            var max = request.Int("MaxCount") ?? throw Ec2ApiError.Missing("MaxCount");
            if (min < 1 || max < min)
            {
                throw Ec2ApiError.InvalidValue("MaxCount", max.ToString(System.Globalization.CultureInfo.InvariantCulture), "MinCount must be at least 1 and MaxCount at least MinCount.");
            }

            var subnetId = request.String("SubnetId") ?? throw new Ec2ApiError("VPCIdNotSpecified", "No default VPC for this user. Specify a subnet.");
            var instances = world.RunInstances(
                request.Required("ImageId"), request.Required("InstanceType"), subnetId, max, request.List("SecurityGroupId"),
                request.String("ClientToken"), request.TagsOnCreate("instance"));
            return
            [
                E("reservationId", "r-" + instances[0].InstanceId[2..]), E("ownerId", Ec2World.OwnerId), E("groupSet"),
                Set("instancesSet", instances.Select(instance => Instance(
                    world,
                    InstanceView.Of(instance, world.TagsOf(instance.InstanceId)),
                    world.AttachedTo(instance.InstanceId).Select(eni => NetworkInterfaceView.Of(eni, world.TagsOf(eni.NetworkInterfaceId)))))),
            ];
        },
        ["TerminateInstances"] = (world, request) =>
        {
            var ids = request.List("InstanceId");
            if (ids.Count == 0)
            {
                throw Ec2ApiError.Missing("InstanceId");
            }

            var changes = world.TerminateInstances(ids);
            return [Set("instancesSet", changes.Select(change => new object?[]
            {
                E("instanceId", change.Instance.InstanceId),
                E("currentState", E("code", change.Instance.StateCode), E("name", change.Instance.State)),
                E("previousState", E("code", change.PreviousState == "running" ? 16 : 48), E("name", change.PreviousState)),
            }))];
        },
        ["DescribeInstances"] = (world, request) =>
        {
            var ids = request.List("InstanceId");
            if (ids.Count > 0 && request.String("MaxResults") is not null)
            {
                throw new Ec2ApiError("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults");
            }

            var interfaces = world.VisibleInterfaces().Where(eni => eni.Attachment is not null).ToLookup(eni => eni.Attachment!.InstanceId, StringComparer.Ordinal);
            var (page, next) = Ec2Describe.Select(
                world.VisibleInstances(), instance => instance.InstanceId, ids, id => Ec2ApiError.NotFound("InvalidInstanceID.NotFound", "instance", id), request,
                new Ec2FilterAttributes<InstanceView>
                {
                    ["instance-id"] = instance => [instance.InstanceId],
                    ["instance-type"] = instance => [instance.InstanceType],
                    ["availability-zone"] = instance => [instance.Subnet.AvailabilityZone],
                    ["instance-state-name"] = instance => [instance.State],
                    ["subnet-id"] = instance => [instance.Subnet.SubnetId],
                    ["vpc-id"] = instance => [instance.Subnet.VpcId],
                    ["client-token"] = instance => instance.ClientToken is null ? [] : [instance.ClientToken],
                    ["network-interface.network-interface-id"] = instance => interfaces[instance.InstanceId].Select(eni => eni.NetworkInterfaceId),
                },
                instance => instance.Tags);
            return Ec2Describe.Page("reservationSet", page.Select(instance => new object?[]
            {
                E("reservationId", "r-" + instance.InstanceId[2..]), E("ownerId", Ec2World.OwnerId), E("groupSet"),
                Set("instancesSet", [Instance(world, instance, interfaces[instance.InstanceId])]),
            }), next);
        },
    };

    /// <summary>An instance with its interfaces, as the call answers: RunInstances with the present, DescribeInstances with what it sees.</summary>
    private static IEnumerable<object?> Instance(Ec2World world, InstanceView instance, IEnumerable<NetworkInterfaceView> attached)
    {
        var interfaces = attached.OrderBy(eni => eni.Attachment!.DeviceIndex).ToList();
        var primary = interfaces.FirstOrDefault(eni => eni.Attachment!.DeviceIndex == 0);
        return
        [
            E("instanceId", instance.InstanceId), E("imageId", instance.ImageId),
            E("instanceState", E("code", instance.StateCode), E("name", instance.State)),
            E("privateDnsName", primary is null ? null : $"ip-{primary.PrivateIpAddress.Replace('.', '-')}.ec2.internal"),
            E("reason", string.Empty), E("amiLaunchIndex", 0), E("instanceType", instance.InstanceType), E("launchTime", instance.LaunchTime),
            E("placement", E("availabilityZone", instance.Subnet.AvailabilityZone), E("tenancy", "default")),
            E("monitoring", E("state", "disabled")), E("subnetId", instance.Subnet.SubnetId), E("vpcId", instance.Subnet.VpcId),
            primary is null ? null : E("privateIpAddress", primary.PrivateIpAddress), E("sourceDestCheck", true),
            Set("groupSet", (primary?.GroupIds ?? []).Select(GroupItem(world))), E("architecture", "x86_64"), E("rootDeviceType", "ebs"),
            E("virtualizationType", "hvm"), E("clientToken", instance.ClientToken), TagSet(instance.Tags), E("hypervisor", "xen"),
            Set("networkInterfaceSet", interfaces.Select(eni => new object?[]
            {
                E("networkInterfaceId", eni.NetworkInterfaceId), E("subnetId", eni.Subnet.SubnetId), E("vpcId", eni.Subnet.VpcId),
                E("description", eni.Description), E("ownerId", Ec2World.OwnerId), E("status", eni.Status), E("macAddress", eni.MacAddress),
                E("privateIpAddress", eni.PrivateIpAddress), E("sourceDestCheck", true), Set("groupSet", eni.GroupIds.Select(GroupItem(world))),
                E("attachment", [.. NetworkInterfaceActions.Attachment(eni.Attachment!, includeInstance: false)]),
                E("interfaceType", eni.InterfaceType),
            })),
            E("ebsOptimized", false),
        ];
    }

    public static Func<string, IEnumerable<object?>> GroupItem(Ec2World world) =>
        groupId => [E("groupId", groupId), E("groupName", world.SecurityGroups.GetValueOrDefault(groupId)?.GroupName)];
}
