namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>
/// One page of the nodes a NodeENI has planned ENIs on (see <see cref="PlannedNodes"/>). Each page is its own
/// grain, and so its own stored record: no record grows with the number of nodes a NodeENI selects.
/// </summary>
public interface IPlannedNodePage : IGrainWithStringKey
{
    Task<IReadOnlyList<string>> List();

    /// <summary>Adds <paramref name="nodes"/>, written before the call returns.</summary>
    Task Add(IReadOnlyList<string> nodes);

    /// <summary>Removes <paramref name="nodes"/>, written before the call returns.</summary>
    Task Remove(IReadOnlyList<string> nodes);
}
