using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Grains.NodeEnis;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace AwsMultiEni.Silo.Grains.Nodes;

/// <summary>
/// One node: which attachment holds which device index (a conflict is refused, never shifted, since
/// Multus attachment definitions name interfaces), and the desired interface set its agent applies. That set is
/// what the claiming attachments published: kept in memory, and asked of them again at activation, so a node's
/// ENI becoming ready costs no write here. The agent's reports go on to the NodeENIs whose ENIs look different, and
/// their pod-address use to the attachments that hold those ENIs.
/// </summary>
public sealed class NodeGrain([PersistentState("node")] IPersistentState<NodeState> state, ILogger<NodeGrain> logger) : Grain, INodeDevices
{
    private readonly ObserverManager<INodeInterfacesObserver> _observers = new(TimeSpan.FromMinutes(5), logger);
    private readonly Dictionary<string, List<DesiredInterface>> _interfaces = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var owner in state.State.DeviceIndexes.Values.Distinct(StringComparer.Ordinal))
        {
            var published = await GrainFactory.GetGrain<IAttachmentLifecycle>(owner).GetDesiredInterfaces();
            if (published.Count > 0)
            {
                _interfaces[owner] = [.. published];
            }
        }
    }

    public async Task<string?> Claim(int deviceIndex, string owner)
    {
        if (state.State.DeviceIndexes.TryGetValue(deviceIndex, out var holder))
        {
            return holder == owner ? null : holder;
        }

        state.State.DeviceIndexes[deviceIndex] = owner;
        await state.WriteStateAsync();
        return null;
    }

    public async Task Unclaim(int deviceIndex, string owner)
    {
        if (state.State.DeviceIndexes.TryGetValue(deviceIndex, out var holder) && holder == owner)
        {
            state.State.DeviceIndexes.Remove(deviceIndex);
            await SaveAsync();
        }
    }

    public async Task Publish(string owner, IReadOnlyList<DesiredInterface> interfaces)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        _interfaces.TryGetValue(owner, out var before);
        if (before is not null && before.SequenceEqual(interfaces) || before is null && interfaces.Count == 0)
        {
            return;
        }

        if (interfaces.Count == 0)
        {
            _interfaces.Remove(owner);
        }
        else
        {
            _interfaces[owner] = [.. interfaces];
        }

        var desired = Desired();
        await _observers.Notify(o => o.DesiredInterfacesChanged(desired));
    }

    public Task<DesiredInterfaceSet> GetDesiredInterfaces() => Task.FromResult(Desired());

    public Task<NodeInterfaceReport?> GetReport() => Task.FromResult(state.State.Report);

    /// <summary>
    /// Keeps the agent's report and tells each NodeENI whose ENIs now look different on the node, so its
    /// status follows (a resync that observed nothing new writes nothing).
    /// </summary>
    public async Task Report(NodeInterfaceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var before = state.State.Report;
        if (before is not null && before.Interfaces.SequenceEqual(report.Interfaces))
        {
            return;
        }

        // As a List<T>, whatever the wire made of it: JSON storage serializers record the runtime type.
        state.State.Report = report with { Interfaces = report.Interfaces.ToList() };
        await state.WriteStateAsync();
        foreach (var (owner, interfaces) in _interfaces.Where(o => o.Value.Any(i => Seen(before, i.EniId) != Seen(report, i.EniId))))
        {
            var parts = GrainKey.Split(owner, 3);
            GrainFactory.GetGrain<INodeEniReconciler>(GrainKey.Join(parts[0], parts[1])).NodeReported(parts[2]).Ignore();
            if (interfaces.Any(i => Seen(before, i.EniId)?.Addresses != Seen(report, i.EniId)?.Addresses))
            {
                GrainFactory.GetGrain<IAttachmentLifecycle>(owner).AddressesUsed(AddressUse(report, interfaces)).Ignore();
            }
        }
    }

    public Task Subscribe(INodeInterfacesObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(INodeInterfacesObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>A node that no attachment uses any more keeps no row: state does not grow with every node that ever was.</summary>
    private Task SaveAsync() =>
        state.State.DeviceIndexes.Count == 0 ? state.ClearStateAsync() : state.WriteStateAsync();

    private static Dictionary<string, AddressUsage> AddressUse(NodeInterfaceReport report, List<DesiredInterface> interfaces) =>
        interfaces
            .Select(i => Seen(report, i.EniId))
            .Where(seen => seen?.Addresses is not null)
            .ToDictionary(seen => seen!.EniId, seen => seen!.Addresses!, StringComparer.Ordinal);

    private static ObservedInterface? Seen(NodeInterfaceReport? report, string eniId) =>
        report?.Interfaces.FirstOrDefault(i => i.EniId == eniId);

    private DesiredInterfaceSet Desired() =>
        new([.. _interfaces.Values.SelectMany(i => i).OrderBy(i => i.DeviceIndex)]);
}
