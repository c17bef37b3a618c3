using System.Net;
using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>VPCs, subnets, security groups and tags.</summary>
internal sealed partial class Ec2World
{
    public EmulatedVpc CreateVpc(string cidrBlock, IReadOnlyDictionary<string, string> tags)
    {
        var cidr = ParseCidr("CidrBlock", cidrBlock, 16, 28);
        var vpc = new EmulatedVpc(NewId("vpc"), cidr);
        Vpcs[vpc.VpcId] = vpc;
        Tag(vpc.VpcId, tags);
        return vpc;
    }

    public EmulatedSubnet CreateSubnet(string vpcId, string cidrBlock, string? availabilityZone, IReadOnlyDictionary<string, string> tags)
    {
        var vpc = Vpcs.GetValueOrDefault(vpcId) ?? throw Ec2ApiError.NotFound("InvalidVpcID.NotFound", "vpc", vpcId);
        var cidr = ParseCidr("CidrBlock", cidrBlock, 16, 28);
        if (cidr.PrefixLength < vpc.Cidr.PrefixLength || !vpc.Cidr.Contains(cidr.BaseAddress))
        {
            throw new Ec2ApiError("InvalidSubnet.Range", $"The CIDR '{cidrBlock}' is invalid.");
        }

        if (Subnets.Values.Any(other => other.VpcId == vpcId && (other.Cidr.Contains(cidr.BaseAddress) || cidr.Contains(other.Cidr.BaseAddress))))
        {
            throw new Ec2ApiError("InvalidSubnet.Conflict", $"The CIDR '{cidrBlock}' conflicts with another subnet");
        }

        var zone = availabilityZone ?? AvailabilityZones[0];
        if (!AvailabilityZones.Contains(zone))
        {
            throw Ec2ApiError.InvalidValue("AvailabilityZone", zone, $"Availability zones of {Region}: {string.Join(", ", AvailabilityZones)}.");
        }

        var subnet = new EmulatedSubnet(NewId("subnet"), vpcId, cidr, zone);
        Subnets[subnet.SubnetId] = subnet;
        Tag(subnet.SubnetId, tags);
        return subnet;
    }

    public EmulatedSecurityGroup CreateSecurityGroup(string vpcId, string groupName, string description, IReadOnlyDictionary<string, string> tags)
    {
        if (!Vpcs.ContainsKey(vpcId))
        {
            throw Ec2ApiError.NotFound("InvalidVpcID.NotFound", "vpc", vpcId);
        }

        if (SecurityGroups.Values.Any(group => group.VpcId == vpcId && group.GroupName == groupName))
        {
            throw new Ec2ApiError("InvalidGroup.Duplicate", $"The security group '{groupName}' already exists for VPC '{vpcId}'");
        }

        var created = new EmulatedSecurityGroup(NewId("sg"), groupName, description, vpcId);
        SecurityGroups[created.GroupId] = created;
        Tag(created.GroupId, tags);
        return created;
    }

    public void CreateTags(IReadOnlyList<string> resourceIds, IReadOnlyDictionary<string, string> tags)
    {
        if (resourceIds.Count == 0)
        {
            throw Ec2ApiError.Missing("ResourceId.1");
        }

        if (tags.Count == 0)
        {
            throw Ec2ApiError.Missing("Tag.1.Key");
        }

        var unknown = resourceIds.FirstOrDefault(id => !Exists(id));
        if (unknown is not null)
        {
            throw new Ec2ApiError("InvalidID", $"The ID '{unknown}' is not valid");
        }

        foreach (var id in resourceIds)
        {
            Tag(id, tags);
        }
    }

    private static IPNetwork ParseCidr(string parameter, string text, int minPrefix, int maxPrefix) =>
        IPNetwork.TryParse(text, out var cidr) && cidr.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && cidr.PrefixLength >= minPrefix && cidr.PrefixLength <= maxPrefix
            ? cidr
            : throw Ec2ApiError.InvalidValue(parameter, text, $"Expected an IPv4 CIDR block from /{minPrefix} to /{maxPrefix}.");

    private bool Exists(string id) =>
        Vpcs.ContainsKey(id) || Subnets.ContainsKey(id) || SecurityGroups.ContainsKey(id) || Instances.ContainsKey(id)
        || NetworkInterfaces.GetValueOrDefault(id) is { Deleted: false };
}
