namespace AwsMultiEni.Abstractions.ReadModels;

/// <summary>
/// One cluster's attachments as its index counts them: the nodes some NodeENI selects, the ENIs attached, the rows
/// that are problems, every row by status, and each NodeENI's overview.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClusterOverview(
    [property: Id(0)] string Cluster,
    [property: Id(1)] int SelectedNodes,
    [property: Id(2)] int AttachedEnis,
    [property: Id(3)] int ProblemAttachments,
    [property: Id(4)] IReadOnlyDictionary<string, int> ByStatus,
    [property: Id(5)] IReadOnlyList<NodeEniOverview> NodeEnis)
{
    public static ClusterOverview Empty(string cluster) => new(cluster, 0, 0, 0, new Dictionary<string, int>(StringComparer.Ordinal), []);

    /// <summary>Attachments not attached, and NodeENIs not Ready: what the problems view lists.</summary>
    public int Problems => ProblemAttachments + NodeEnis.Count(n => !n.IsReady);
}
