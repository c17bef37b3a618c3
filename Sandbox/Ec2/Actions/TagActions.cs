using static AwsMultiEni.Sandbox.Ec2.Protocol.Ec2Xml;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>CreateTags.</summary>
internal static class TagActions
{
    public static IReadOnlyDictionary<string, Ec2Action> Actions { get; } = new Dictionary<string, Ec2Action>
    {
        ["CreateTags"] = (world, request) =>
        {
            world.CreateTags(request.List("ResourceId"), request.Tags("Tag"));
            return [Return()];
        },
    };
}
