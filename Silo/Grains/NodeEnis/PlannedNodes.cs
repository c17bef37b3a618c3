using System.Globalization;
using System.Text;
using AwsMultiEni.Abstractions.Keys;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>
/// The nodes whose AttachmentGrains may hold ENIs for one NodeENI: what a delete must wait for, so it is durable
/// before any attachment hears of a node. Kept in memory whole, stored in <see cref="PageCount"/> pages by a stable
/// hash of the node name (each its own grain and record), so that a NodeENI of 10,000 nodes stores about 300 names
/// per record instead of one record near DynamoDB's 400 KB item limit. The NodeENI's own state lists the pages in use.
/// </summary>
internal sealed class PlannedNodes(IGrainFactory grains, string cluster, string nodeEni)
{
    public const int PageCount = 32;

    private readonly SortedSet<string> _nodes = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Nodes => _nodes;

    public int Count => _nodes.Count;

    /// <summary>The pages holding at least one node.</summary>
    public SortedSet<int> Pages => [.. _nodes.Select(PageOf)];

    public bool Contains(string node) => _nodes.Contains(node);

    public async Task LoadAsync(IEnumerable<int> pages)
    {
        foreach (var names in await Task.WhenAll(pages.Select(p => Page(p).List())))
        {
            _nodes.UnionWith(names);
        }
    }

    /// <summary>Adds and stores the nodes not planned yet; true when there were any.</summary>
    public async Task<bool> AddAsync(IEnumerable<string> nodes)
    {
        var added = nodes.Where(_nodes.Add).ToList();
        await Task.WhenAll(added.GroupBy(PageOf).Select(g => Page(g.Key).Add([.. g])));
        return added.Count > 0;
    }

    /// <summary>Removes and stores the nodes that were planned; true when there were any.</summary>
    public async Task<bool> RemoveAsync(IEnumerable<string> nodes)
    {
        var removed = nodes.Where(_nodes.Remove).ToList();
        await Task.WhenAll(removed.GroupBy(PageOf).Select(g => Page(g.Key).Remove([.. g])));
        return removed.Count > 0;
    }

    /// <summary>FNV-1a over the name's UTF-8 bytes: the same page on every silo and after every restart.</summary>
    private static int PageOf(string node)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(node))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % PageCount);
    }

    private IPlannedNodePage Page(int page) => grains.GetGrain<IPlannedNodePage>(GrainKey.Join(cluster, nodeEni, page.ToString(CultureInfo.InvariantCulture)));
}
