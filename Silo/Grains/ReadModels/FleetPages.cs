using AwsMultiEni.Abstractions.ReadModels;

namespace AwsMultiEni.Silo.Grains.ReadModels;

/// <summary>
/// A page of the fleet's rows from the clusters' indexes, the same page one index of every row would give. Sorted by
/// cluster (the default), the page is cut from the clusters it spans in their order, after asking each how many rows
/// it matches: no index sends more rows than the page holds. Any other order takes from each index its rows up to the
/// end of the page and merges them, which costs more the deeper the page.
/// </summary>
internal static class FleetPages
{
    public static async Task<AttachmentPage> QueryAsync(IReadOnlyCollection<string> clusters, AttachmentQuery query, Func<string, AttachmentQuery, Task<AttachmentPage>> index)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(index);
        var take = Math.Clamp(query.Take, 0, AttachmentQuery.MaxTake);
        var skip = Math.Max(0, query.Skip);
        if (clusters.Count == 1)
        {
            return await index(clusters.First(), query with { Skip = skip, Take = take });
        }

        return query.Sort == AttachmentSort.Cluster
            ? await ByClusterAsync(clusters, query, skip, take, index)
            : await MergedAsync(clusters, query, skip, take, index);
    }

    private static async Task<AttachmentPage> ByClusterAsync(IReadOnlyCollection<string> clusters, AttachmentQuery query, int skip, int take, Func<string, AttachmentQuery, Task<AttachmentPage>> index)
    {
        var ordered = query.Descending ? clusters.OrderDescending(StringComparer.Ordinal).ToList() : clusters.Order(StringComparer.Ordinal).ToList();
        var totals = await Task.WhenAll(ordered.Select(c => index(c, query with { Skip = 0, Take = 0 })));
        var rows = new List<AttachmentRow>();
        var before = 0;
        for (var i = 0; i < ordered.Count && rows.Count < take; i++)
        {
            var total = totals[i].Total;
            var from = Math.Max(0, skip - before);
            if (from < total)
            {
                rows.AddRange((await index(ordered[i], query with { Skip = from, Take = take - rows.Count })).Rows);
            }

            before += total;
        }

        return new AttachmentPage(totals.Sum(t => t.Total), rows);
    }

    private static async Task<AttachmentPage> MergedAsync(IReadOnlyCollection<string> clusters, AttachmentQuery query, int skip, int take, Func<string, AttachmentQuery, Task<AttachmentPage>> index)
    {
        var pages = await Task.WhenAll(clusters.Select(c => index(c, query with { Skip = 0, Take = skip + take })));
        var merged = pages.SelectMany(p => p.Rows).ToList();
        merged.Sort(AttachmentRows.Order(query.Sort, query.Descending));
        return new AttachmentPage(pages.Sum(p => p.Total), [.. merged.Skip(skip).Take(take)]);
    }
}
