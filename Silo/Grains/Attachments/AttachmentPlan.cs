using AwsMultiEni.Abstractions.Fleet;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>What the NodeENI wants on one node: one ENI per slot, all with the same security groups and settings.</summary>
[GenerateSerializer, Immutable]
public sealed record AttachmentPlan(
    [property: Id(0)] string Region,
    [property: Id(1)] string InstanceId,
    [property: Id(2)] string? InstanceType,
    [property: Id(3)] IReadOnlyList<EniSlotPlan> Slots,
    [property: Id(4)] IReadOnlyList<string> SecurityGroupIds,
    [property: Id(5)] string? Description,
    [property: Id(6)] bool DeleteOnTermination,
    [property: Id(7)] InterfaceSettings Interface,
    [property: Id(8)] AddressPolicy? Addresses = null,
    [property: Id(9)] string? RoleArn = null,
    [property: Id(10)] string? ExternalId = null)
{
    // Lists compare by content: an unchanged plan handed over again must not restart the lifecycle.
    public bool Equals(AttachmentPlan? other) =>
        other is not null
        && Region == other.Region
        && InstanceId == other.InstanceId
        && InstanceType == other.InstanceType
        && Slots.SequenceEqual(other.Slots)
        && SecurityGroupIds.SequenceEqual(other.SecurityGroupIds)
        && Description == other.Description
        && DeleteOnTermination == other.DeleteOnTermination
        && Interface == other.Interface
        && Addresses == other.Addresses
        && RoleArn == other.RoleArn
        && ExternalId == other.ExternalId;

    public override int GetHashCode() => HashCode.Combine(Region, InstanceId, Slots.Count);

    /// <summary>The role this plan's EC2 calls are signed with; the silo's own credentials when null.</summary>
    public MemberRole? Role => RoleArn is null ? null : new MemberRole(RoleArn, ExternalId);

    /// <summary>Whether an ENI made or modified for <paramref name="previous"/> must be modified in place to serve this plan.</summary>
    public bool ChangesEniSettingsFrom(AttachmentPlan? previous) =>
        previous is not null
        && (!HasSecurityGroups(previous.SecurityGroupIds) || !HasDescription(previous.Description) || DeleteOnTermination != previous.DeleteOnTermination);

    /// <summary>Whether an ENI's security groups are this plan's (in any order).</summary>
    public bool HasSecurityGroups(IEnumerable<string> securityGroupIds) =>
        SecurityGroupIds.Order(StringComparer.Ordinal).SequenceEqual(securityGroupIds.Order(StringComparer.Ordinal));

    /// <summary>Whether an ENI's description is this plan's; EC2 reports no description as an empty one.</summary>
    public bool HasDescription(string? description) => (Description ?? string.Empty) == (description ?? string.Empty);
}

/// <summary>One wanted ENI: a subnet in the node's zone, at a device index.</summary>
[GenerateSerializer, Immutable]
public sealed record EniSlotPlan(
    [property: Id(0)] string SubnetId,
    [property: Id(1)] string SubnetCidr,
    [property: Id(2)] int DeviceIndex,
    [property: Id(3)] string? SubnetIpv6Cidr = null);

/// <summary>How the agent must set the interface up (none of it touches EC2).</summary>
[GenerateSerializer, Immutable]
public sealed record InterfaceSettings(
    [property: Id(0)] int Mtu,
    [property: Id(1)] string? InterfaceName,
    [property: Id(2)] bool Dpdk,
    [property: Id(3)] string? DpdkDriver,
    [property: Id(4)] string? DpdkResourceName,
    [property: Id(5)] string? DpdkPciAddress)
{
    /// <summary>The agent changes the node for this interface (a name, a driver binding), which it must undo before a detach.</summary>
    public bool NeedsTeardown => Dpdk || InterfaceName is not null;
}
