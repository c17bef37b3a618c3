using static AwsMultiEni.Sandbox.Ec2.Protocol.Ec2Xml;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>AttachNetworkInterface, DetachNetworkInterface.</summary>
internal static class AttachmentActions
{
    public static IReadOnlyDictionary<string, Ec2Action> Actions { get; } = new Dictionary<string, Ec2Action>
    {
        ["AttachNetworkInterface"] = (world, request) =>
        {
            var attachment = world.Attach(
                request.Required("NetworkInterfaceId"),
                request.Required("InstanceId"),
                request.Int("DeviceIndex") ?? throw Protocol.Ec2ApiError.Missing("DeviceIndex"),
                request.Int("NetworkCardIndex") ?? 0);
            return [E("attachmentId", attachment.AttachmentId), E("networkCardIndex", attachment.NetworkCardIndex)];
        },
        ["DetachNetworkInterface"] = (world, request) =>
        {
            world.Detach(request.Required("AttachmentId"), request.Bool("Force") ?? false);
            return [Return()];
        },
    };
}
