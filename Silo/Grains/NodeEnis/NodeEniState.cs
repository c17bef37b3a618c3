using AwsMultiEni.Silo.Grains.Attachments;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>
/// The NodeENI's metadata and spec as last observed, and which pages of <see cref="PlannedNodes"/> hold nodes. The
/// object is kept as the API server's JSON, so fields this model does not know (kept as JSON elements) survive any
/// grain storage serializer; its status is left out, since the fleet recomputes it and it grows with the nodes.
/// </summary>
[GenerateSerializer]
public sealed class NodeEniState
{
    [Id(0)]
    public string? ObservedJson { get; set; }

    /// <summary>
    /// ENIs another controller listed in status when the fleet first saw the NodeENI, still to be adopted on
    /// their nodes; null until then (and never captured again, so the fleet never mistakes its own status for them).
    /// At most the 1,000 entries the CRD lets a status list.
    /// </summary>
    [Id(2)]
    public List<ListedEni>? Inherited { get; set; }

    /// <summary>
    /// The generation of the spec last reconciled (planned, or found impossible to plan): what status reports as
    /// observed, so that Ready never speaks for a newer spec than the one in place.
    /// </summary>
    [Id(3)]
    public long? ReconciledGeneration { get; set; }

    /// <summary>The pages of <see cref="PlannedNodes"/> that hold nodes: the ones to read at activation.</summary>
    [Id(4)]
    public SortedSet<int> NodePages { get; set; } = [];
}
