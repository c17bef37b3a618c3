using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.ReadModels;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Grains.ReadModels;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>
/// The read-model side: after each status write (so at most once per coalescing interval) the rows of the nodes whose
/// views changed go to the cluster's index, one-way, with the NodeENI's overview. The first push of an activation, and
/// one the index asks for after its own activation, carries every row.
/// </summary>
public sealed partial class NodeEniGrain
{
    /// <summary>The rows last sent, by node: what the next push is compared with.</summary>
    private readonly Dictionary<string, IReadOnlyList<AttachmentRow>> _indexed = new(StringComparer.Ordinal);
    private NodeEniOverview? _indexedOverview;
    private bool _indexFull = true;

    public Task ResendIndex()
    {
        _indexFull = true;
        PushIndex();
        return Task.CompletedTask;
    }

    private void PushIndex()
    {
        var index = GrainFactory.GetGrain<IClusterIndex>(Cluster);
        if (_observed is not { } observed)
        {
            if (_indexFull || _indexedOverview is not null)
            {
                index.Update(new NodeEniIndexUpdate(Name, null, [], [], true)).Ignore();
            }

            _indexed.Clear();
            _indexedOverview = null;
            _indexFull = false;
            return;
        }

        var now = clock.GetUtcNow();
        var rows = IndexRows(now);
        var full = _indexFull;
        var changed = rows.Where(r => full || !_indexed.TryGetValue(r.Key, out var known) || !known.SequenceEqual(r.Value)).Select(r => new IndexedNode(r.Key, r.Value)).ToList();
        var removed = full ? [] : _indexed.Keys.Where(n => !rows.ContainsKey(n)).ToList();
        var overview = new NodeEniOverview(
            Cluster, Name, observed.Metadata.Generation, observed.Status?.ObservedGeneration, observed.Status?.Summary ?? new AttachmentSummary(),
            observed.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready), observed.IsBeingDeleted, observed.Metadata.CreationTimestamp);
        if (!full && changed.Count == 0 && removed.Count == 0 && overview == _indexedOverview)
        {
            return;
        }

        index.Update(new NodeEniIndexUpdate(Name, overview, changed, removed, full)).Ignore();
        _indexed.Clear();
        foreach (var (node, nodeRows) in rows)
        {
            _indexed[node] = nodeRows;
        }

        _indexedOverview = overview;
        _indexFull = false;
    }

    /// <summary>
    /// Each planned node's ENIs (or one row saying why it has none yet), and each node the NodeENI selects but cannot
    /// serve. A row keeps the time it was first sent as it is, so that its age means how long it has been so.
    /// </summary>
    private Dictionary<string, IReadOnlyList<AttachmentRow>> IndexRows(DateTimeOffset now)
    {
        var rows = new Dictionary<string, IReadOnlyList<AttachmentRow>>(StringComparer.Ordinal);
        foreach (var node in _planned.Nodes)
        {
            if (_views.GetValueOrDefault(node) is not { Released: false } view)
            {
                continue;
            }

            var problem = view.Problem;
            var enis = view.Attachments.Count > 0 || !view.Wanted ? view.Attachments : [new EniAttachmentStatus { NodeId = node }];
            rows[node] = [.. enis.Select(eni => Row(node, eni, problem?.Reason, problem?.Message, now))];
        }

        foreach (var problem in _nodeProblems.Where(p => p.Node is not null && !rows.ContainsKey(p.Node)))
        {
            rows[problem.Node!] = [Row(problem.Node!, new EniAttachmentStatus { NodeId = problem.Node, Status = AttachmentRow.UnservedStatus }, problem.Reason, problem.Message, now)];
        }

        return rows;
    }

    private AttachmentRow Row(string node, EniAttachmentStatus eni, string? reason, string? message, DateTimeOffset now)
    {
        var row = new AttachmentRow(Cluster, Name, node, eni, reason, message, eni.LastUpdated ?? now);
        var before = _indexed.GetValueOrDefault(node)?.FirstOrDefault(r => r.Eni.EniId == eni.EniId && r.Status == row.Status && r.ProblemReason == reason);
        return before is null ? row : row with { Since = before.Since };
    }
}
