namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>The persisted lifecycle of one ENI of an attachment.</summary>
[GenerateSerializer]
public sealed record EniSlot
{
    [Id(0)]
    public required string SubnetId { get; init; }

    [Id(1)]
    public string? SubnetCidr { get; init; }

    [Id(2)]
    public required int DeviceIndex { get; init; }

    [Id(3)]
    public EniPhase Phase { get; init; } = EniPhase.Pending;

    /// <summary>Position of the subnet in the spec, part of the ClientToken.</summary>
    [Id(4)]
    public int Ordinal { get; init; }

    /// <summary>The create intent this ENI belongs to: the same intent always means the same ClientToken.</summary>
    [Id(5)]
    public long Intent { get; init; }

    [Id(6)]
    public string? EniId { get; init; }

    [Id(7)]
    public string? AttachmentId { get; init; }

    [Id(8)]
    public string? MacAddress { get; init; }

    /// <summary>No longer wanted: detach and delete it.</summary>
    [Id(9)]
    public bool Releasing { get; init; }

    [Id(10)]
    public DateTimeOffset Updated { get; init; }

    /// <summary>
    /// Security groups, description or DeleteOnTermination may differ from the plan: once attached, compare and
    /// modify in place. Written before the modify calls and cleared after them, so a crash in between repeats them.
    /// </summary>
    [Id(11)]
    public bool Reconfigure { get; init; }

    /// <summary>The pod addresses EC2 holds on the ENI (a NodeENI that asks for none leaves them empty).</summary>
    [Id(12)]
    public SlotAddresses Addresses { get; init; } = SlotAddresses.None;

    /// <summary>An address assign or return in flight, written before its EC2 call.</summary>
    [Id(13)]
    public AddressChange? AddressChange { get; init; }

    /// <summary>Attached and in service: the agent may use it (a pending in-place modify does not take it away).</summary>
    public bool IsSettled => Phase == EniPhase.Ready && !Releasing;

    /// <summary>Nothing to do until the world or the plan changes.</summary>
    public bool IsIdle => IsSettled && !Reconfigure;
}
