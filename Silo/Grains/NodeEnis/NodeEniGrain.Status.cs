using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Kubernetes;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>
/// The status side: every attachment's last view is kept here, pushed by the attachment when it moves on or read
/// again when it may have changed (planned anew, released, its agent reported), and status is computed once over
/// them and written at most once per coalescing interval. A Warning event goes out when a problem first shows.
/// </summary>
public sealed partial class NodeEniGrain
{
    private readonly Dictionary<string, AttachmentView> _views = new(StringComparer.Ordinal);

    /// <summary>Planned nodes whose view must be read before the next status: it may have changed since it was pushed.</summary>
    private readonly HashSet<string> _stale = new(StringComparer.Ordinal);

    private readonly Coalescer _status = new();
    private HashSet<NodeProblem> _announced = [];

    public Task AttachmentChanged(string node, AttachmentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (!_views.TryGetValue(node, out var known) || known.AsOf <= view.AsOf)
        {
            _views[node] = view;
        }

        StatusSoon();
        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<string>> ConvergedNodes(IReadOnlyList<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);

        // A view marked stale may predate the agent's last report; it is read again at the next status write.
        var converged = _observed is { IsBeingDeleted: false }
            ? nodes.Where(n => !_stale.Contains(n) && _views.TryGetValue(n, out var view) && view.ConfiguredOnNode).ToHashSet(StringComparer.Ordinal)
            : [];
        return Task.FromResult<IReadOnlySet<string>>(converged);
    }

    public Task NodeReported(string node)
    {
        _stale.Add(node);
        StatusSoon();
        return Task.CompletedTask;
    }

    /// <summary>The status, then the cluster's index: the index follows even when the cluster cannot be written to.</summary>
    private void StatusSoon() => _status.Schedule(this, settings.Value.CoalesceInterval, clock, async () =>
    {
        try
        {
            await WriteStatusAsync();
        }
        finally
        {
            PushIndex();
        }
    });

    /// <summary>
    /// Forgets the nodes whose attachments released everything, writes status from the views, and removes the
    /// finalizer of a NodeENI being deleted once no node holds ENIs for it any more.
    /// </summary>
    private async Task WriteStatusAsync()
    {
        await ReadStaleViewsAsync();
        var released = _planned.Nodes.Where(n => _views.GetValueOrDefault(n)?.Released == true).ToList();
        if (await _planned.RemoveAsync(released))
        {
            released.ForEach(n => _views.Remove(n));
            await SaveAsync();
        }

        if (_observed is not { } observed)
        {
            if (_planned.Count == 0)
            {
                await state.ClearStateAsync();
            }

            return;
        }

        var views = _planned.Nodes.Select(n => (Node: n, View: _views[n])).ToList();
        var problems = _nodeProblems
            .Concat(views.Where(v => v.View.Problem is not null).Select(v => new NodeProblem(v.Node, v.View.Problem!.Reason, $"Node {v.Node}: {v.View.Problem.Message}")))
            .ToList();
        var connection = await ConnectAsync();
        await AnnounceAsync(connection, observed, problems);
        var attachments = views.SelectMany(v => v.View.Attachments).ToList();
        var converged = views.All(v => v.View.Ready || v.View.Released);
        var now = clock.GetUtcNow();
        var reconciled = state.State.ReconciledGeneration;
        var summary = StatusAttachments.Summarize([.. views.Select(v => v.View)], _nodeProblems.Count(p => p.Node is not null));
        var written = await connection.NodeEniWriter.UpdateStatusAsync(Name, current => ReadyCondition.Status(current, reconciled, attachments, summary, problems, converged, now), lifetime.Stopping);
        _observed = written ?? _observed;
        if (_observed is { IsBeingDeleted: true, HasFinalizer: true } && _planned.Count == 0)
        {
            _observed = await connection.NodeEniWriter.RemoveFinalizerAsync(Name, lifetime.Stopping);
            NodeEniLog.FinalizerRemoved(logger, Key);
            await (_observed is null ? state.ClearStateAsync() : SaveAsync());
        }
    }

    /// <summary>Reads the views marked stale, and those never seen (after activation), a batch at a time.</summary>
    private async Task ReadStaleViewsAsync()
    {
        _stale.UnionWith(_planned.Nodes.Where(n => !_views.ContainsKey(n)));
        foreach (var batch in _stale.Where(_planned.Contains).Chunk(100))
        {
            var views = await Task.WhenAll(batch.Select(n => Attachment(n).GetView()));
            for (var i = 0; i < batch.Length; i++)
            {
                _views[batch[i]] = views[i];
            }
        }

        _stale.Clear();
    }

    /// <summary>A Warning event for each problem not announced at the last status: a problem that stays is not news.</summary>
    private async Task AnnounceAsync(IClusterConnection connection, NodeEni observed, List<NodeProblem> problems)
    {
        var subject = Subject(observed);
        foreach (var problem in problems.Where(p => !_announced.Contains(p)))
        {
            await connection.Events.RecordAsync(subject, EventSeverity.Warning, problem.Reason, problem.Message, lifetime.Stopping);
        }

        _announced = [.. problems];
    }
}
