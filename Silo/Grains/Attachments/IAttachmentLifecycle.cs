using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Abstractions.Nodes;
using Orleans.Concurrency;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>The NodeEniGrain's handle on an AttachmentGrain.</summary>
public interface IAttachmentLifecycle : IAttachmentGrain
{
    /// <summary>
    /// Converge on <paramref name="plan"/>: create and attach what is missing, release what is no longer wanted.
    /// True when the plan was new to the attachment (its view changes). Interleaved: a NodeENI planning again hands
    /// every node its plan, and in a large rollout most attachments are in a tick waiting minutes for EC2's budget;
    /// a plan they already hold is answered at once, and only a new one queues (<see cref="TakePlan"/>).
    /// </summary>
    [AlwaysInterleave]
    Task<bool> Ensure(AttachmentPlan plan);

    /// <summary>Detach and delete every ENI of this attachment; true when it was not releasing already. Interleaved as <see cref="Ensure"/>.</summary>
    [AlwaysInterleave]
    Task<bool> Release();

    /// <summary>The queued half of <see cref="Ensure"/>: the turn that takes a new plan.</summary>
    Task<bool> TakePlan(AttachmentPlan plan);

    /// <summary>The queued half of <see cref="Release"/>: the turn that starts the release.</summary>
    Task<bool> TakeRelease();

    /// <summary>
    /// How the attachment looks now. Interleaved: a tick may hold the grain for as long as EC2's budget makes a call
    /// wait, and a NodeENI reading thousands of views must not queue behind each.
    /// </summary>
    [AlwaysInterleave]
    Task<AttachmentView> GetView();

    /// <summary>
    /// The drift check: <paramref name="observed"/> is every ENI tagged with this attachment in a describe
    /// started at <paramref name="describedAt"/>; a ready ENI missing from it, detached or with the wrong
    /// DeleteOnTermination is repaired. One-way: the NodeENI hands it on to every node and waits for none.
    /// </summary>
    [OneWay]
    Task Verify(IReadOnlyList<ObservedEni> observed, DateTimeOffset describedAt);

    /// <summary>
    /// What this attachment publishes to its node now. Interleaved: the node asks while it activates, which may be
    /// during this attachment's own call to it.
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<DesiredInterface>> GetDesiredInterfaces();

    /// <summary>
    /// Whether <paramref name="eniId"/> is one of this attachment's ENIs (or may be: a create is in flight). Interleaved:
    /// the orphan sweep asks about every available ENI, and a fresh ENI's attachment is typically in a tick waiting to
    /// attach it; the sweep, and with it the cluster's drift checks, must not wait for that.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> Owns(string eniId);

    /// <summary>
    /// The node's agent reported a change in the pod addresses its IPAM has in use on these ENIs (by ENI ID): the
    /// warm-pool rule may now grow or give back addresses. One-way: the NodeGrain hands it on and waits for none.
    /// </summary>
    [OneWay]
    Task AddressesUsed(IReadOnlyDictionary<string, AddressUsage> usage);
}
