using AwsMultiEni.Abstractions.Security;

namespace AwsMultiEni.Abstractions.Attachments;

/// <summary>The ENIs of one NodeENI on one node, keyed <c>{cluster}/{nodeeni}/{node}</c>.</summary>
public interface IAttachmentGrain : IGrainWithStringKey
{
    /// <summary>Every state transition of this attachment's ENIs, oldest first, with the last error.</summary>
    [ReadCall]
    Task<AttachmentHistory> GetHistory();
}

[GenerateSerializer]
public sealed record AttachmentHistory(
    [property: Id(0)] IReadOnlyList<AttachmentTransition> Transitions,
    [property: Id(1)] string? LastError);

/// <summary>One step of an ENI's lifecycle: for example <c>Creating</c> to <c>Created</c> for <c>subnet-…</c>.</summary>
[GenerateSerializer]
public sealed record AttachmentTransition(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string SubnetId,
    [property: Id(2)] string From,
    [property: Id(3)] string To,
    [property: Id(4)] string? EniId,
    [property: Id(5)] string? Detail);
