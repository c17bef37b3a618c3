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
            var vpc = world.CreateVpc(request.Required("CidrBlock"), request.Bool("AmazonProvidedIpv6CidrBlock") == true, request.TagsOnCreate("vpc"));
            return [E("vpc", [.. Vpc(world, vpc)])];
        },
        ["DescribeVpcs"] = (world, request) =>
        {
            var (page, next) = Ec2Describe.Select(
                world.Vpcs.Values, vpc => vpc.VpcId, request.List("VpcId"), id => Ec2ApiError.NotFound("InvalidVpcID.NotFound", "vpc", id), request,
                new Ec2FilterAttributes<EmulatedVpc>
                {
                    ["vpc-id"] = vpc => [vpc.VpcId],
                    ["cidr"] = vpc => [vpc.Cidr.ToString()],
                    ["cidr-block"] = vpc => [vpc.Cidr.ToString()],
                    ["cidr-block-association.cidr-block"] = vpc => [vpc.Cidr.ToString()],
                    ["state"] = vpc => ["available"],
                    ["is-default"] = vpc => ["false"],
                    ["owner-id"] = vpc => [Ec2World.OwnerId],
                },
                vpc => world.TagsOf(vpc.VpcId));
            return Ec2Describe.Page("vpcSet", page.Select(vpc => Vpc(world, vpc)), next);
        },
        ["CreateSubnet"] = (world, request) =>
        {
            var subnet = world.CreateSubnet(
                request.Required("VpcId"), request.Required("CidrBlock"), request.String("Ipv6CidrBlock"), request.String("AvailabilityZone"), request.TagsOnCreate("subnet"));
            return [E("subnet", [.. Subnet(world, subnet)])];
        },
        ["DescribeSubnets"] = (world, request) =>
        {
            var (page, next) = Ec2Describe.Select(
                world.Subnets.Values, subnet => subnet.SubnetId, request.List("SubnetId"), id => Ec2ApiError.NotFound("InvalidSubnetID.NotFound", "subnet", id), request,
                new Ec2FilterAttributes<EmulatedSubnet>
                {
                    ["subnet-id"] = subnet => [subnet.SubnetId],
                    ["vpc-id"] = subnet => [subnet.VpcId],
                    ["availability-zone"] = subnet => [subnet.AvailabilityZone],
                    ["availabilityZone"] = subnet => [subnet.AvailabilityZone],
                    ["cidr"] = subnet => [subnet.Cidr.ToString()],
                    ["cidr-block"] = subnet => [subnet.Cidr.ToString()],
                    ["cidrBlock"] = subnet => [subnet.Cidr.ToString()],
                    ["state"] = subnet => ["available"],
                    ["owner-id"] = subnet => [Ec2World.OwnerId],
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
                new Ec2FilterAttributes<string>
                {
                    ["zone-name"] = zone => [zone],
                    ["zone-id"] = zone => [ZoneId(world, zone)],
                    ["region-name"] = zone => [world.Region],
                    ["state"] = zone => ["available"],
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
        E("availableIpAddressCount", subnet.Addresses.Available), E("availabilityZone", subnet.AvailabilityZone),
        E("availabilityZoneId", ZoneId(world, subnet.AvailabilityZone)), E("defaultForAz", false), E("mapPublicIpOnLaunch", false),
        E("ownerId", Ec2World.OwnerId), E("subnetArn", $"arn:aws:ec2:{world.Region}:{Ec2World.OwnerId}:subnet/{subnet.SubnetId}"),
        E("assignIpv6AddressOnCreation", false), Ipv6Associations(subnet.SubnetId, subnet.Ipv6?.Cidr), TagSet(world.TagsOf(subnet.SubnetId)),
    ];

    private static IEnumerable<object?> Vpc(Ec2World world, EmulatedVpc vpc) =>
    [
        E("vpcId", vpc.VpcId), E("state", "available"), E("cidrBlock", vpc.Cidr.ToString()), E("dhcpOptionsId", "default"),
        E("instanceTenancy", "default"), E("isDefault", false), E("ownerId", Ec2World.OwnerId), Ipv6Associations(vpc.VpcId, vpc.Ipv6Cidr),
        TagSet(world.TagsOf(vpc.VpcId)),
    ];

    /// <summary>A VPC's or subnet's IPv6 block as EC2 lists it: one association, or an empty set for none.</summary>
    private static System.Xml.Linq.XElement Ipv6Associations(string ownerId, System.Net.IPNetwork? block) => Set(
        "ipv6CidrBlockAssociationSet",
        block is { } cidr
            ? [[E("associationId", $"{ownerId.Split('-')[0]}-cidr-assoc-{ownerId.Split('-')[1]}"), E("ipv6CidrBlock", cidr.ToString()), E("ipv6CidrBlockState", E("state", "associated"))]]
            : []);

    /// <summary>EC2's zone ID style, e.g. <c>use1-az1</c> for the first zone of us-east-1.</summary>
    private static string ZoneId(Ec2World world, string zone)
    {
        var parts = world.Region.Split('-');
        var prefix = parts.Length == 3 ? $"{parts[0]}{parts[1][0]}{parts[2]}" : world.Region;
        return $"{prefix}-az{world.AvailabilityZones.ToList().IndexOf(zone) + 1}";
    }
}
