using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;

namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>
/// What IAM checks for each EC2 call: one <see cref="IamRequest"/> per resource type the Service Authorization Reference
/// lists for the action, each with the condition keys it lists for that type (docs/ec2.md has the table). Resources
/// the request names must exist first: their tags, subnet and VPC are part of the context.
/// </summary>
internal static class Ec2Authorizations
{
    public static IReadOnlyList<IamRequest> For(Ec2World world, Ec2QueryRequest request)
    {
        var action = "ec2:" + request.Action;
        var region = world.Region;
        IamContext Context() => new IamContext().Set("aws:RequestedRegion", region);
        IamRequest On(string type, string id, IamContext context) => new(action, Ec2Arn.For(region, type, id), context);

        IamRequest Interface(EmulatedNetworkInterface eni) => On(Ec2Arn.NetworkInterface, eni.NetworkInterfaceId, Context()
            .ResourceTags(world.TagsOf(eni.NetworkInterfaceId))
            .Set("ec2:Subnet", Ec2Arn.For(region, Ec2Arn.Subnet, eni.Subnet.SubnetId))
            .Set("ec2:Vpc", Ec2Arn.For(region, Ec2Arn.Vpc, eni.Subnet.VpcId)));

        IamRequest Instance(string instanceId) => On(Ec2Arn.Instance, instanceId, Context().ResourceTags(world.TagsOf(instanceId)));

        IEnumerable<IamRequest> Groups(IReadOnlyList<string> groupIds) => groupIds.Select(groupId =>
        {
            var context = Context().ResourceTags(world.TagsOf(groupId));
            return On(Ec2Arn.SecurityGroup, groupId, world.SecurityGroups.TryGetValue(groupId, out var group) ? context.Set("ec2:Vpc", Ec2Arn.For(region, Ec2Arn.Vpc, group.VpcId)) : context);
        });

        switch (request.Action)
        {
            case "CreateNetworkInterface":
                var subnet = world.Subnet(request.Required("SubnetId"));
                var tags = request.TagsOnCreate(Ec2Arn.NetworkInterface);
                var subnetArn = Ec2Arn.For(region, Ec2Arn.Subnet, subnet.SubnetId);
                var vpcArn = Ec2Arn.For(region, Ec2Arn.Vpc, subnet.VpcId);

                // The new ENI has no ID yet, so its ARN ends in '*'; its tags are the request's.
                IamRequest[] create =
                [
                    On(Ec2Arn.NetworkInterface, "*", Context().RequestTags(tags).Set("ec2:Subnet", subnetArn).Set("ec2:Vpc", vpcArn)),
                    On(Ec2Arn.Subnet, subnet.SubnetId, Context().ResourceTags(world.TagsOf(subnet.SubnetId)).Set("ec2:Vpc", vpcArn)),
                    .. Groups(request.List("SecurityGroupId")),
                ];

                // Tag-on-create is also a CreateTags on the new resource, told apart by ec2:CreateAction.
                return tags.Count == 0
                    ? create
                    : [.. create, new("ec2:CreateTags", Ec2Arn.For(region, Ec2Arn.NetworkInterface, "*"), Context().RequestTags(tags).Set("ec2:CreateAction", request.Action))];
            case "AttachNetworkInterface":
                return [Interface(world.NetworkInterface(request.Required("NetworkInterfaceId"))), Instance(request.Required("InstanceId"))];
            case "DetachNetworkInterface":
                var attachmentId = request.Required("AttachmentId");
                var attached = world.AttachedBy(attachmentId)
                    ?? throw new Ec2ApiError("InvalidAttachmentID.NotFound", $"The network interface attachment ID '{attachmentId}' does not exist");
                return [Interface(attached), Instance(attached.Attachment!.InstanceId)];
            case "DeleteNetworkInterface" or "AssignPrivateIpAddresses" or "UnassignPrivateIpAddresses" or "AssignIpv6Addresses" or "UnassignIpv6Addresses":
                return [Interface(world.NetworkInterface(request.Required("NetworkInterfaceId")))];
            case "ModifyNetworkInterfaceAttribute":
                return [Interface(world.NetworkInterface(request.Required("NetworkInterfaceId"))), .. Groups(request.List("SecurityGroupId"))];
            case "CreateTags":
                var requestTags = request.Tags("Tag");
                // An existing ENI is checked with its resource type's keys (its subnet and VPC) as well as the tags.
                return [.. request.List("ResourceId").Select(id =>
                {
                    var check = world.NetworkInterfaces.TryGetValue(id, out var tagged)
                        ? Interface(tagged)
                        : new IamRequest(action, Ec2Arn.ForId(region, id), Context().ResourceTags(world.TagsOf(id)));
                    check.Context.RequestTags(requestTags);
                    return check;
                })];
            default:
                // Describe* and the world-building calls (VPCs, subnets, groups, instances) support no resource-level permissions here.
                return [new IamRequest(action, "*", Context())];
        }
    }
}
