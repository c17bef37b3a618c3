namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>A page of planned nodes; an empty page keeps no record.</summary>
public sealed class PlannedNodePageGrain([PersistentState("nodes")] IPersistentState<PlannedNodePageState> state) : Grain, IPlannedNodePage
{
    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Nodes]);

    public async Task Add(IReadOnlyList<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count(state.State.Nodes.Add) > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task Remove(IReadOnlyList<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count(state.State.Nodes.Remove) > 0)
        {
            await (state.State.Nodes.Count == 0 ? state.ClearStateAsync() : state.WriteStateAsync());
        }
    }
}

[GenerateSerializer]
public sealed class PlannedNodePageState
{
    [Id(0)]
    public SortedSet<string> Nodes { get; set; } = new(StringComparer.Ordinal);
}
