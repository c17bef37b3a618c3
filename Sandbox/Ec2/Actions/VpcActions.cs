using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;
using static AwsMultiEni.Sandbox.Ec2.Protocol.Ec2Xml;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>CreateVpc, DescribeVpcs, CreateSubnet, DescribeSubnets, DescribeAvailabilityZones.</summary>
internal static class VpcActions
{
    public static IReadOnlyDictionary<string, Ec2Action> Actions { get; } = new Dictionary<string, Ec2Action>
    {
        ["CreateVpc"] = (world, request) =>
        {
            var vpc = world.CreateVpc(request.Required("CidrBlock"), request.TagsOnCreate("vpc"));
            return [E("vpc", [.. Vpc(world, vpc)])];
        },
        ["DescribeVpcs"] = (world, request) =>
        {
            var (page, next) = Ec2Describe.Select(
                world.Vpcs.Values, vpc => vpc.VpcId, request.List("VpcId"), id => Ec2ApiError.NotFound("InvalidVpcID.NotFound", "vpc", id), request,
                (vpc, filter) => filter switch
                {
                    "vpc-id" => [vpc.VpcId],
                    "cidr" or "cidr-block" or "cidr-block-association.cidr-block" => [vpc.Cidr.ToString()],
                    "state" => ["available"],
                    "is-default" => ["false"],
                    "owner-id" => [Ec2World.OwnerId],
                    _ => null,
                },
                vpc => world.TagsOf(vpc.VpcId));
            return Ec2Describe.Page("vpcSet", page.Select(vpc => Vpc(world, vpc)), next);
        },
        ["CreateSubnet"] = (world, request) =>
        {
            var subnet = world.CreateSubnet(request.Required("VpcId"), request.Required("CidrBlock"), request.String("AvailabilityZone"), request.TagsOnCreate("subnet"));
            return [E("subnet", [.. Subnet(world, subnet)])];
        },
        ["DescribeSubnets"] = (world, request) =>
        {
            var (page, next) = Ec2Describe.Select(
                world.Subnets.Values, subnet => subnet.SubnetId, request.List("SubnetId"), id => Ec2ApiError.NotFound("InvalidSubnetID.NotFound", "subnet", id), request,
                (subnet, filter) => filter switch
                {
                    "subnet-id" => [subnet.SubnetId],
                    "vpc-id" => [subnet.VpcId],
                    "availability-zone" or "availabilityZone" => [subnet.AvailabilityZone],
                    "cidr" or "cidr-block" or "cidrBlock" => [subnet.Cidr.ToString()],
                    "state" => ["available"],
                    "owner-id" => [Ec2World.OwnerId],
                    _ => null,
                },
                subnet => world.TagsOf(subnet.SubnetId));
            return Ec2Describe.Page("subnetSet", page.Select(subnet => Subnet(world, subnet)), next);
        },
        ["DescribeAvailabilityZones"] = (world, request) =>
        {
            var names = request.List("ZoneName");
            var unknown = names.FirstOrDefault(name => !world.AvailabilityZones.Contains(name));
            if (unknown is not null)
            {
                throw Ec2ApiError.InvalidValue("ZoneName", unknown, "No such availability zone.");
            }

            var zones = Ec2Filters.Apply(
                world.AvailabilityZones.Where(zone => names.Count == 0 || names.Contains(zone)),
                request.Filters(),
                (zone, filter) => filter switch
                {
                    "zone-name" => [zone],
                    "zone-id" => [ZoneId(world, zone)],
                    "region-name" => [world.Region],
                    "state" => ["available"],
                    _ => null,
                },
                _ => new Dictionary<string, string>());
            return [Set("availabilityZoneInfo", zones.Select(zone => new object?[]
            {
                E("zoneName", zone), E("zoneId", ZoneId(world, zone)), E("zoneState", "available"), E("regionName", world.Region),
                E("zoneType", "availability-zone"), E("optInStatus", "opt-in-not-required"), E("groupName", world.Region), E("networkBorderGroup", world.Region),
            }))];
        },
    };

    public static IEnumerable<object?> Subnet(Ec2World world, EmulatedSubnet subnet) =>
    [
        E("subnetId", subnet.SubnetId), E("state", "available"), E("vpcId", subnet.VpcId), E("cidrBlock", subnet.Cidr.ToString()),
        E("availableIpAddressCount", subnet.AddressCount - 5), E("availabilityZone", subnet.AvailabilityZone),
        E("availabilityZoneId", ZoneId(world, subnet.AvailabilityZone)), E("defaultForAz", false), E("mapPublicIpOnLaunch", false),
        E("ownerId", Ec2World.OwnerId), E("subnetArn", $"arn:aws:ec2:{world.Region}:{Ec2World.OwnerId}:subnet/{subnet.SubnetId}"),
        TagSet(world.TagsOf(subnet.SubnetId)),
    ];

    private static IEnumerable<object?> Vpc(Ec2World world, EmulatedVpc vpc) =>
    [
        E("vpcId", vpc.VpcId), E("state", "available"), E("cidrBlock", vpc.Cidr.ToString()), E("dhcpOptionsId", "default"),
        E("instanceTenancy", "default"), E("isDefault", false), E("ownerId", Ec2World.OwnerId), TagSet(world.TagsOf(vpc.VpcId)),
    ];

    /// <summary>EC2's zone ID style, e.g. <c>use1-az1</c> for the first zone of us-east-1.</summary>
    private static string ZoneId(Ec2World world, string zone)
    {
        var parts = world.Region.Split('-');
        var prefix = parts.Length == 3 ? $"{parts[0]}{parts[1][0]}{parts[2]}" : world.Region;
        return $"{prefix}-az{world.AvailabilityZones.ToList().IndexOf(zone) + 1}";
    }
}
