using AwsMultiEni.Abstractions.Attachments;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>The NodeEniGrain's handle on an AttachmentGrain.</summary>
public interface IAttachmentLifecycle : IAttachmentGrain
{
    /// <summary>Converge on <paramref name="plan"/>: create and attach what is missing, release what is no longer wanted.</summary>
    Task Ensure(AttachmentPlan plan);

    /// <summary>Detach and delete every ENI of this attachment.</summary>
    Task Release();

    Task<AttachmentView> GetView();

    /// <summary>
    /// The drift check: <paramref name="observed"/> is every ENI tagged with this attachment in a describe
    /// started at <paramref name="describedAt"/>; a ready ENI missing from it, detached or with the wrong
    /// DeleteOnTermination is repaired.
    /// </summary>
    Task Verify(IReadOnlyList<ObservedEni> observed, DateTimeOffset describedAt);

    /// <summary>Whether <paramref name="eniId"/> is one of this attachment's ENIs (or may be: a create is in flight).</summary>
    Task<bool> Owns(string eniId);
}
