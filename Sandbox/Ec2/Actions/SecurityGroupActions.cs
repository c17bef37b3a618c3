using AwsMultiEni.Sandbox.Ec2.Protocol;
using static AwsMultiEni.Sandbox.Ec2.Protocol.Ec2Xml;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>CreateSecurityGroup, DescribeSecurityGroups.</summary>
internal static class SecurityGroupActions
{
    public static IReadOnlyDictionary<string, Ec2Action> Actions { get; } = new Dictionary<string, Ec2Action>
    {
        ["CreateSecurityGroup"] = (world, request) =>
        {
            var vpcId = request.String("VpcId") ?? throw new Ec2ApiError("VPCIdNotSpecified", "No default VPC for this user");
            var group = world.CreateSecurityGroup(vpcId, request.Required("GroupName"), request.Required("GroupDescription"), request.TagsOnCreate("security-group"));
            return [Return(), E("groupId", group.GroupId), TagSet(world.TagsOf(group.GroupId))];
        },
        ["DescribeSecurityGroups"] = (world, request) =>
        {
            var names = request.List("GroupName");
            var groups = world.SecurityGroups.Values.Where(group => names.Count == 0 || names.Contains(group.GroupName)).ToList();
            var unknownName = names.FirstOrDefault(name => groups.All(group => group.GroupName != name));
            if (unknownName is not null)
            {
                throw new Ec2ApiError("InvalidGroup.NotFound", $"The security group '{unknownName}' does not exist in default VPC");
            }

            var (page, next) = Ec2Describe.Select(
                groups, group => group.GroupId, request.List("GroupId"), id => new Ec2ApiError("InvalidGroup.NotFound", $"The security group '{id}' does not exist"), request,
                new Ec2FilterAttributes<World.EmulatedSecurityGroup>
                {
                    ["group-id"] = group => [group.GroupId],
                    ["group-name"] = group => [group.GroupName],
                    ["vpc-id"] = group => [group.VpcId],
                    ["description"] = group => [group.Description],
                    ["owner-id"] = group => [World.Ec2World.OwnerId],
                },
                group => world.TagsOf(group.GroupId));
            return Ec2Describe.Page("securityGroupInfo", page.Select(group => new object?[]
            {
                E("ownerId", World.Ec2World.OwnerId), E("groupId", group.GroupId), E("groupName", group.GroupName),
                E("groupDescription", group.Description), E("vpcId", group.VpcId), E("ipPermissions"), E("ipPermissionsEgress"),
                TagSet(world.TagsOf(group.GroupId)),
            }), next);
        },
    };
}
