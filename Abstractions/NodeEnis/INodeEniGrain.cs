using AwsMultiEni.Abstractions.Security;

namespace AwsMultiEni.Abstractions.NodeEnis;

/// <summary>
/// One NodeENI of one cluster, keyed <c>{cluster}/{nodeeni}</c>. Platform automation may drive it
/// directly: <see cref="Apply"/> and <see cref="Delete"/> write through to the cluster, so kubectl
/// and grain calls act on the same object and never fight.
/// </summary>
public interface INodeEniGrain : IGrainWithStringKey
{
    /// <summary>The object as last observed or written, with its status; null when the cluster has none.</summary>
    [ReadCall]
    Task<NodeEni?> Get();

    /// <summary>
    /// Every ENI of the NodeENI, one entry each as status lists them, by node: all of them, where status lists at
    /// most <see cref="NodeEniStatus.AttachmentLimit"/>.
    /// </summary>
    [ReadCall]
    Task<IReadOnlyList<EniAttachmentStatus>> ListAttachments();

    /// <summary>Creates the NodeENI in the cluster, or updates its spec.</summary>
    Task Apply(NodeEniSpec spec);

    /// <summary>Deletes the NodeENI in the cluster; its ENIs are detached and deleted before the finalizer goes.</summary>
    Task Delete();
}
