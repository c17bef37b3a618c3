using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>A fleet ENI as the drift check's describe saw it, small enough to hand to the grains that own it.</summary>
[GenerateSerializer, Immutable]
public sealed record ObservedEni(
    [property: Id(0)] string EniId,
    [property: Id(1)] string Status,
    [property: Id(2)] string? Node,
    [property: Id(3)] string? InstanceId,
    [property: Id(4)] string? AttachmentStatus,
    [property: Id(5)] bool? DeleteOnTermination,
    [property: Id(6)] IReadOnlyList<string> SecurityGroupIds,
    [property: Id(7)] string? Description)
{
    public static ObservedEni From(Ec2NetworkInterface eni)
    {
        ArgumentNullException.ThrowIfNull(eni);
        return new(eni.NetworkInterfaceId, eni.Status, eni.Tags.GetValueOrDefault("Node"), eni.Attachment?.InstanceId, eni.Attachment?.Status, eni.Attachment?.DeleteOnTermination, [.. eni.SecurityGroupIds], eni.Description);
    }
}
