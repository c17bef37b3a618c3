using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Abstractions.ReadModels;

/// <summary>
/// One row of the fleet's attachment index: an ENI of a NodeENI on a node as its status lists it, or a node the
/// NodeENI wants with no ENI yet (<see cref="EniAttachmentStatus.EniId"/> null), with why it is not attached and since
/// when it has been as it is.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AttachmentRow(
    [property: Id(0)] string Cluster,
    [property: Id(1)] string NodeEni,
    [property: Id(2)] string Node,
    [property: Id(3)] EniAttachmentStatus Eni,
    [property: Id(4)] string? ProblemReason,
    [property: Id(5)] string? ProblemMessage,
    [property: Id(6)] DateTimeOffset Since)
{
    public const string AttachedStatus = "attached";

    /// <summary>The status of a node the NodeENI selects but cannot serve (no subnet in its zone, no instance).</summary>
    public const string UnservedStatus = "unserved";

    public const string PendingStatus = "pending";

    public string Status => Eni.Status ?? PendingStatus;

    /// <summary>Not attached, or attached with a problem the fleet or the node's agent reported.</summary>
    public bool IsProblem => Status != AttachedStatus || ProblemReason is not null || Eni.InterfaceError is not null;

    /// <summary>Stuck until something changes, as opposed to still on its way.</summary>
    public bool IsFailed => ProblemReason is not null || Eni.InterfaceError is not null;
}
