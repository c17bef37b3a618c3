using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.ReadModels;
using AwsMultiEni.Silo.Grains.NodeEnis;
using AwsMultiEni.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Grains.ReadModels;

/// <summary>
/// One cluster's attachment rows, in memory only: the NodeEniGrains push what changed after each status write, and
/// this index asks every NodeENI the cluster lists but it has not heard from to send all its rows: when it activates
/// (after a silo loss, say), and every <see cref="MissingRowsPeriod"/> after (the cluster's own list may still be
/// empty at first, while its watcher relists). Its overview goes to the fleet index at most once per coalescing
/// interval. Queries filter and sort here, so a page costs the caller one call whatever the cluster's size.
/// </summary>
public sealed class ClusterIndexGrain(IOptions<FleetSettings> settings, TimeProvider clock) : Grain, IClusterIndex
{
    public static readonly TimeSpan MissingRowsPeriod = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, NodeEniRows> _nodeEnis = new(StringComparer.Ordinal);
    private readonly Coalescer _publish = new();

    private string Cluster => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Not in this turn, so that the NodeENIs' answers are not queued behind it.
        this.RegisterGrainTimer(_ => AskForMissingRowsAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, MissingRowsPeriod));
        return Task.CompletedTask;
    }

    public Task Update(NodeEniIndexUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Overview is null)
        {
            _nodeEnis.Remove(update.NodeEni);
        }
        else
        {
            if (update.Full || !_nodeEnis.TryGetValue(update.NodeEni, out var entry))
            {
                _nodeEnis[update.NodeEni] = entry = new NodeEniRows();
            }

            entry.Overview = update.Overview;
            foreach (var node in update.Removed)
            {
                entry.Rows.Remove(node);
            }

            foreach (var node in update.Changed)
            {
                entry.Rows[node.Node] = node.Rows;
            }
        }

        _publish.Schedule(this, settings.Value.CoalesceInterval, clock, () =>
        {
            GrainFactory.GetGrain<IFleetIndex>(IFleetIndexGrain.Key).ClusterChanged(Overview()).Ignore();
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task<ClusterOverview> GetOverview() => Task.FromResult(Overview());

    public Task<AttachmentPage> Query(AttachmentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = _nodeEnis.Where(e => query.NodeEni is null || e.Key == query.NodeEni).SelectMany(e => e.Value.Rows.Values).SelectMany(r => r);
        // Not cut to AttachmentQuery.MaxTake: the fleet index asks for the rows up to the end of a deep page.
        return Task.FromResult(AttachmentRows.Page(rows, query, Math.Max(0, query.Skip), Math.Max(0, query.Take)));
    }

    private async Task AskForMissingRowsAsync()
    {
        foreach (var name in (await GrainFactory.GetGrain<IClusterGrain>(Cluster).ListNodeEnis()).Where(n => !_nodeEnis.ContainsKey(n)))
        {
            GrainFactory.GetGrain<INodeEniReconciler>(GrainKey.Join(Cluster, name)).ResendIndex().Ignore();
        }
    }

    private ClusterOverview Overview() =>
        ClusterOverview.Of(Cluster, [.. _nodeEnis.Values.SelectMany(e => e.Rows.Values).SelectMany(r => r)], _nodeEnis.Values.Select(e => e.Overview));

    private sealed class NodeEniRows
    {
        public NodeEniOverview Overview { get; set; } = null!;

        public Dictionary<string, IReadOnlyList<AttachmentRow>> Rows { get; } = new(StringComparer.Ordinal);
    }
}
