using System.Net;
using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>VPCs, subnets, security groups and tags.</summary>
internal sealed partial class Ec2World
{
    /// <summary>A VPC; with <paramref name="amazonIpv6"/> it also gets an Amazon-provided IPv6 /56, one per VPC.</summary>
    public EmulatedVpc CreateVpc(string cidrBlock, bool amazonIpv6, IReadOnlyDictionary<string, string> tags)
    {
        var cidr = ParseCidr("CidrBlock", cidrBlock, 16, 28);
        var vpcId = NewId("vpc");
        var ipv6 = amazonIpv6 ? IPNetwork.Parse($"2600:1f18:{_lastId & 0xffff:x}:{(_lastId >> 16) & 0xff:x}00::/56") : (IPNetwork?)null;
        var vpc = new EmulatedVpc(vpcId, cidr, ipv6);
        Vpcs[vpc.VpcId] = vpc;
        Tag(vpc.VpcId, tags);
        return vpc;
    }

    public EmulatedSubnet CreateSubnet(string vpcId, string cidrBlock, string? ipv6CidrBlock, string? availabilityZone, IReadOnlyDictionary<string, string> tags)
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

        var ipv6 = ipv6CidrBlock is null ? (IPNetwork?)null : ParseIpv6Subnet(vpc, ipv6CidrBlock);
        var subnet = new EmulatedSubnet(NewId("subnet"), vpcId, cidr, zone, ipv6);
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

    /// <summary>A subnet's IPv6 block is a /64 of its VPC's /56 that no other subnet of the VPC has.</summary>
    private IPNetwork ParseIpv6Subnet(EmulatedVpc vpc, string text)
    {
        if (vpc.Ipv6Cidr is not { } vpcBlock)
        {
            throw Ec2ApiError.InvalidValue("Ipv6CidrBlock", text, $"The VPC '{vpc.VpcId}' has no IPv6 CIDR block.");
        }

        if (!IPNetwork.TryParse(text, out var block) || block.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || block.PrefixLength != 64
            || !vpcBlock.Contains(block.BaseAddress))
        {
            throw new Ec2ApiError("InvalidSubnet.Range", $"The IPv6 CIDR '{text}' is invalid: expected a /64 of the VPC's {vpcBlock}.");
        }

        if (Subnets.Values.Any(other => other.VpcId == vpc.VpcId && other.Ipv6?.Cidr.Equals(block) == true))
        {
            throw new Ec2ApiError("InvalidSubnet.Conflict", $"The CIDR '{text}' conflicts with another subnet");
        }

        return block;
    }

    private bool Exists(string id) =>
        Vpcs.ContainsKey(id) || Subnets.ContainsKey(id) || SecurityGroups.ContainsKey(id) || Instances.ContainsKey(id)
        || NetworkInterfaces.GetValueOrDefault(id) is { Deleted: false };
}
