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
}
