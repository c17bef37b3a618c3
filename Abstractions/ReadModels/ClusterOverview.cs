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

    /// <summary>The counts of <paramref name="rows"/>, every row of the cluster, with its NodeENIs' overviews.</summary>
    public static ClusterOverview Of(string cluster, IReadOnlyCollection<AttachmentRow> rows, IEnumerable<NodeEniOverview> nodeEnis) => new(
        cluster,
        rows.Select(r => r.Node).Distinct(StringComparer.Ordinal).Count(),
        rows.Count(r => r.Status == AttachmentRow.AttachedStatus && r.Eni.EniId is not null),
        rows.Count(r => r.IsProblem),
        rows.GroupBy(r => r.Status, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        [.. nodeEnis.OrderBy(o => o.Name, StringComparer.Ordinal)]);

    /// <summary>Attachments not attached, and NodeENIs not Ready: what the problems view lists.</summary>
    public int Problems => ProblemAttachments + NodeEnis.Count(n => !n.IsReady);
}
