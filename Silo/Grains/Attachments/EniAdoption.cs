using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// When an ENI that already exists in EC2 serves a slot instead of a new one: found again by the fleet's
/// attachment-key tag after the attachment lost its state, or listed in a NodeENI's status by the
/// single-cluster controller before the cluster moved to the fleet.
/// </summary>
internal static class EniAdoption
{
    /// <summary>The slot holding <paramref name="eni"/> at the phase EC2 shows it in, or null when the ENI cannot serve the slot.</summary>
    public static EniSlot? Adopt(EniSlot slot, Ec2NetworkInterface eni, string instanceId) => eni switch
    {
        _ when eni.SubnetId != slot.SubnetId => null,
        { Attachment: null, Status: "available" } => slot with { Phase = EniPhase.Created, EniId = eni.NetworkInterfaceId, MacAddress = eni.MacAddress, Addresses = SlotAddresses.From(eni.Addresses) },
        { Attachment: { Status: "attached" or "attaching" } attachment } when attachment.InstanceId == instanceId && attachment.DeviceIndex == slot.DeviceIndex => slot with
        {
            Phase = attachment.Status == "attached" ? EniPhase.Attached : EniPhase.Attaching,
            EniId = eni.NetworkInterfaceId,
            AttachmentId = attachment.AttachmentId,
            MacAddress = eni.MacAddress,
            Addresses = SlotAddresses.From(eni.Addresses),
        },
        _ => null,
    };

    /// <summary>Why an ENI listed in status for a node cannot be adopted into <paramref name="plan"/>, or null when it can.</summary>
    public static string? WhyNot(ListedEni listed, Ec2NetworkInterface? eni, AttachmentPlan plan, string attachmentKey)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(plan);
        if (eni is null)
        {
            return "EC2 does not know it";
        }

        if (!plan.Slots.Any(s => s.SubnetId == listed.SubnetId && s.DeviceIndex == listed.DeviceIndex))
        {
            return $"the spec wants no ENI in subnet {listed.SubnetId} at device index {listed.DeviceIndex} on this node";
        }

        if (eni.SubnetId != listed.SubnetId)
        {
            return $"it lies in subnet {eni.SubnetId}, not in {listed.SubnetId}";
        }

        if (eni.Attachment is not { Status: "attached" } attachment || attachment.InstanceId != plan.InstanceId || attachment.DeviceIndex != listed.DeviceIndex)
        {
            return $"it is not attached to instance {plan.InstanceId} at device index {listed.DeviceIndex}";
        }

        return eni.Tags.TryGetValue(EniTags.AttachmentKeyKey, out var owner) && owner != attachmentKey
            ? $"the fleet already uses it for {owner}"
            : null;
    }
}

/// <summary>An ENI the single-cluster controller listed in a NodeENI's status, waiting to be adopted on its node.</summary>
[GenerateSerializer, Immutable]
public sealed record ListedEni(
    [property: Id(0)] string EniId,
    [property: Id(1)] string NodeId,
    [property: Id(2)] string SubnetId,
    [property: Id(3)] int DeviceIndex);
