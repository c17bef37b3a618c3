namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>
/// The versions of one kind of resource that describes may show, by ID, each stamped with the moment it was
/// published; a null version means the resource is gone. Versions older than the one a reader at the cutoff sees
/// are dropped as the cutoff moves on.
/// </summary>
internal sealed class PublishedVersions<TView>
    where TView : class
{
    private readonly Dictionary<string, List<(DateTime At, TView? View)>> _byId = new(StringComparer.Ordinal);

    public void Publish(string id, DateTime at, TView? view, DateTime cutoff)
    {
        if (!_byId.TryGetValue(id, out var versions))
        {
            _byId[id] = versions = [];
        }

        versions.Add((at, view));
        var superseded = versions.FindLastIndex(v => v.At <= cutoff);
        if (superseded > 0)
        {
            versions.RemoveRange(0, superseded);
        }

        if (versions is [(_, null)] && versions[0].At <= cutoff)
        {
            _byId.Remove(id);
        }
    }

    /// <summary>Each resource as a reader at <paramref name="cutoff"/> sees it: its last version published by then, if that is not "gone".</summary>
    public IEnumerable<TView> AsOf(DateTime cutoff)
    {
        foreach (var versions in _byId.Values)
        {
            var visible = versions.FindLastIndex(v => v.At <= cutoff);
            if (visible >= 0 && versions[visible].View is { } view)
            {
                yield return view;
            }
        }
    }
}
