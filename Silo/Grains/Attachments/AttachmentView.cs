using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// What the NodeEniGrain aggregates: the ENIs as status lists them, any problem, whether all is released, whether
/// the node is ready, and whether the NodeENI still wants ENIs on it. <paramref name="AsOf"/> orders views of one
/// attachment: a view pushed before a newer one was read must not replace it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AttachmentView(
    [property: Id(0)] IReadOnlyList<EniAttachmentStatus> Attachments,
    [property: Id(1)] AttachmentProblem? Problem,
    [property: Id(2)] bool Released,
    [property: Id(3)] bool Ready,
    [property: Id(4)] bool Wanted,
    [property: Id(5)] DateTimeOffset AsOf)
{
    /// <summary>Creating, attaching or releasing ENIs, with no problem in the way: its own ticks are at work on EC2.</summary>
    public bool AtWork => Problem is null && !Ready && !Released;

    /// <summary>Ready, and every ENI reported by the node's agent as configured: up, or bound for DPDK, with no error.</summary>
    public bool ConfiguredOnNode => Ready && Attachments.Count > 0
        && Attachments.All(a => a.InterfaceError is null && (a.InterfaceUp == true || a.DpdkBound == true));
}
