using AwsMultiEni.Abstractions.ReadModels;
using AwsMultiEni.Silo.Grains.ReadModels;
using static AwsMultiEni.Tests.Dashboard.FleetWorld;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// The fleet index cuts a page from several clusters' indexes: every page, in every order and at every depth, is the
/// one a single index of all rows gives, and a page sorted by cluster costs no index more rows than the page holds.
/// </summary>
public sealed class FleetPagesTests
{
    private static readonly IReadOnlyList<AttachmentRow> All = Fleet().Rows;

    public static TheoryData<AttachmentSort, bool, string?> Orders() => new()
    {
        { AttachmentSort.Cluster, false, null },
        { AttachmentSort.Cluster, true, null },
        { AttachmentSort.Node, false, null },
        { AttachmentSort.Eni, true, null },
        { AttachmentSort.Status, false, null },
        { AttachmentSort.Problem, false, null },
        { AttachmentSort.Cluster, false, "node-0" },
        { AttachmentSort.Node, true, "node-1" },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Every_page_is_the_page_of_one_index_of_all_rows(AttachmentSort sort, bool descending, string? text)
    {
        var expected = AttachmentRows.Page(All, new AttachmentQuery { Sort = sort, Descending = descending, Text = text }, 0, All.Count);
        foreach (var pageSize in new[] { 7, 100 })
        {
            for (var skip = 0; skip < expected.Total + pageSize; skip += pageSize)
            {
                var query = new AttachmentQuery { Sort = sort, Descending = descending, Text = text, Skip = skip, Take = pageSize };
                var page = await FleetPages.QueryAsync(["prod-b", "prod-a"], query, IndexOf);

                Assert.Equal(expected.Total, page.Total);
                Assert.Equal(expected.Rows.Skip(skip).Take(pageSize), page.Rows);
            }
        }
    }

    [Fact]
    public async Task A_deep_page_sorted_by_cluster_asks_no_index_for_more_than_the_page()
    {
        var asked = new List<AttachmentQuery>();
        var page = await FleetPages.QueryAsync(["prod-a", "prod-b"], new AttachmentQuery { Skip = 140, Take = 100 }, (cluster, query) =>
        {
            asked.Add(query);
            return IndexOf(cluster, query);
        });

        Assert.Equal([.. Enumerable.Range(140, 10).Select(n => EniId("prod-a", n)), .. Enumerable.Range(0, 90).Select(n => EniId("prod-b", n))], page.Rows.Select(r => r.Eni.EniId));
        Assert.All(asked, q => Assert.InRange(q.Take, 0, 100));
    }

    [Fact]
    public async Task A_page_asked_larger_than_the_fleet_index_serves_is_cut_to_it()
    {
        var asked = new List<AttachmentQuery>();
        var page = await FleetPages.QueryAsync(["prod-a", "prod-b"], new AttachmentQuery { Sort = AttachmentSort.Node, Take = 10_000 }, (cluster, query) =>
        {
            asked.Add(query);
            return IndexOf(cluster, query);
        });

        Assert.Equal((All.Count, All.Count), (page.Total, page.Rows.Count));
        Assert.All(asked, q => Assert.Equal(AttachmentQuery.MaxTake, q.Take));
    }

    /// <summary>A cluster's index as the grain answers: its own rows, paged by the same rules.</summary>
    private static Task<AttachmentPage> IndexOf(string cluster, AttachmentQuery query) =>
        Task.FromResult(AttachmentRows.Page(All.Where(r => r.Cluster == cluster), query, query.Skip, query.Take));
}
