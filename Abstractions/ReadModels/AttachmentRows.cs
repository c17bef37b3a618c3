namespace AwsMultiEni.Abstractions.ReadModels;

/// <summary>
/// How a query picks, orders and cuts rows: the same rules in a cluster's index and in the fleet's merge of several,
/// so that a page taken from many clusters is the page one index of them all would give.
/// </summary>
public static class AttachmentRows
{
    public static bool Matches(AttachmentRow row, AttachmentQuery query)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(query);
        return (!query.ProblemsOnly || row.IsProblem)
            && (query.Cluster is null || row.Cluster == query.Cluster)
            && (query.NodeEni is null || row.NodeEni == query.NodeEni)
            && (query.Node is null || row.Node == query.Node)
            && Words(query.Text).All(word => Searched(row).Any(field => field?.Contains(word, StringComparison.OrdinalIgnoreCase) == true));
    }

    /// <summary>The matching rows, sorted; <paramref name="take"/> of them after <paramref name="skip"/>, with the count of all.</summary>
    public static AttachmentPage Page(IEnumerable<AttachmentRow> rows, AttachmentQuery query, int skip, int take)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (take <= 0)
        {
            return new AttachmentPage(rows.Count(r => Matches(r, query)), []);
        }

        var matching = rows.Where(r => Matches(r, query)).ToList();
        matching.Sort(Order(query.Sort, query.Descending));
        return new AttachmentPage(matching.Count, matching.Skip(skip).Take(take).ToList());
    }

    public static IComparer<AttachmentRow> Order(AttachmentSort sort, bool descending)
    {
        var primary = Comparer<AttachmentRow>.Create(sort switch
        {
            AttachmentSort.Cluster => (a, b) => string.CompareOrdinal(a.Cluster, b.Cluster),
            AttachmentSort.NodeEni => (a, b) => string.CompareOrdinal(a.NodeEni, b.NodeEni),
            AttachmentSort.Node => (a, b) => string.CompareOrdinal(a.Node, b.Node),
            AttachmentSort.Instance => (a, b) => string.CompareOrdinal(a.Eni.InstanceId, b.Eni.InstanceId),
            AttachmentSort.Eni => (a, b) => string.CompareOrdinal(a.Eni.EniId, b.Eni.EniId),
            AttachmentSort.Subnet => (a, b) => string.CompareOrdinal(a.Eni.SubnetId, b.Eni.SubnetId),
            AttachmentSort.DeviceIndex => (a, b) => Nullable.Compare(a.Eni.DeviceIndex, b.Eni.DeviceIndex),
            AttachmentSort.Status => (a, b) => string.CompareOrdinal(a.Status, b.Status),
            AttachmentSort.LastUpdated => (a, b) => Nullable.Compare(a.Eni.LastUpdated, b.Eni.LastUpdated),
            AttachmentSort.Problem => (a, b) => b.IsFailed.CompareTo(a.IsFailed) is var failed and not 0 ? failed : a.Since.CompareTo(b.Since),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Unknown sort."),
        });
        return Comparer<AttachmentRow>.Create((a, b) =>
        {
            var order = primary.Compare(a, b);
            return order != 0 ? (descending ? -order : order) : TieBreak(a, b);
        });
    }

    private static int TieBreak(AttachmentRow a, AttachmentRow b)
    {
        var order = string.CompareOrdinal(a.Cluster, b.Cluster);
        order = order != 0 ? order : string.CompareOrdinal(a.NodeEni, b.NodeEni);
        order = order != 0 ? order : string.CompareOrdinal(a.Node, b.Node);
        return order != 0 ? order : Nullable.Compare(a.Eni.DeviceIndex, b.Eni.DeviceIndex);
    }

    private static string[] Words(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IEnumerable<string?> Searched(AttachmentRow row)
    {
        yield return row.Cluster;
        yield return row.NodeEni;
        yield return row.Node;
        yield return row.Eni.InstanceId;
        yield return row.Eni.EniId;
        yield return row.Eni.SubnetId;
        yield return row.Status;
    }
}
