using AwsMultiEni.Silo.Grains.Attachments;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>
/// The NodeENI as last observed, and the nodes whose AttachmentGrains may still hold ENIs for it. The object
/// is kept as the API server's JSON, so fields this model does not know (kept as JSON elements) survive any
/// grain storage serializer.
/// </summary>
[GenerateSerializer]
public sealed class NodeEniState
{
    [Id(0)]
    public string? ObservedJson { get; set; }

    [Id(1)]
    public SortedSet<string> Nodes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// ENIs another controller listed in status when the fleet first saw the NodeENI, still to be adopted on
    /// their nodes; null until then (and never captured again, so the fleet never mistakes its own status for them).
    /// </summary>
    [Id(2)]
    public List<ListedEni>? Inherited { get; set; }

    /// <summary>
    /// The generation of the spec last reconciled (planned, or found impossible to plan): what status reports as
    /// observed, so that Ready never speaks for a newer spec than the one in place.
    /// </summary>
    [Id(3)]
    public long? ReconciledGeneration { get; set; }
}
