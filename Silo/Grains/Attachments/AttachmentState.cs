using AwsMultiEni.Abstractions.Attachments;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>The persisted state of one NodeENI on one node.</summary>
[GenerateSerializer]
public sealed class AttachmentState
{
    /// <summary>The last plan; kept after a release, since releasing an ENI mid-create repeats its create request.</summary>
    [Id(0)]
    public AttachmentPlan? Plan { get; set; }

    /// <summary>False once the NodeENI no longer selects the node (or is deleted).</summary>
    [Id(6)]
    public bool Wanted { get; set; }

    [Id(1)]
    public List<EniSlot> Slots { get; set; } = [];

    [Id(3)]
    public List<AttachmentTransition> History { get; set; } = [];

    [Id(4)]
    public string? LastError { get; set; }

    /// <summary>Why the attachment cannot progress without a change (a condition reason), or null.</summary>
    [Id(5)]
    public AttachmentProblem? Problem { get; set; }

    /// <summary>The instance EC2 reported terminated (or never knew): its ENIs are released while the plan names it.</summary>
    [Id(7)]
    public string? GoneInstanceId { get; set; }
}

/// <summary>A failure the NodeENI reports as its Ready condition's reason and a Warning event.</summary>
[GenerateSerializer, Immutable]
public sealed record AttachmentProblem([property: Id(0)] string Reason, [property: Id(1)] string Message);
