namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>
/// What describes see. EC2 is eventually consistent: a change shows in describes only a while after the call that
/// made it has answered, and a new ENI or instance is unknown to a describe by ID until then. With a
/// <see cref="ConsistencyLag"/>, every change to an ENI or an instance is published as a copy when the request that
/// made it ends, and describes read each one as it was that long ago; without a lag they read the present.
/// Mutating calls always act on the present, as EC2's own do.
/// </summary>
internal sealed partial class Ec2World
{
    private readonly PublishedVersions<NetworkInterfaceView> _publishedInterfaces = new();
    private readonly PublishedVersions<InstanceView> _publishedInstances = new();
    private readonly HashSet<string> _changedInterfaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedInstances = new(StringComparer.Ordinal);

    public TimeSpan ConsistencyLag { get; } = consistencyLag;

    private DateTime VisibleCutoff => Now - ConsistencyLag;

    /// <summary>Every live ENI as describes see it.</summary>
    public IEnumerable<NetworkInterfaceView> VisibleInterfaces() =>
        ConsistencyLag <= TimeSpan.Zero ? LiveInterfaces.Select(eni => NetworkInterfaceView.Of(eni, TagsOf(eni.NetworkInterfaceId))) : _publishedInterfaces.AsOf(VisibleCutoff);

    /// <summary>Every instance as describes see it.</summary>
    public IEnumerable<InstanceView> VisibleInstances() =>
        ConsistencyLag <= TimeSpan.Zero ? Instances.Values.Select(instance => InstanceView.Of(instance, TagsOf(instance.InstanceId))) : _publishedInstances.AsOf(VisibleCutoff);

    /// <summary>Marks an ENI whose described state changed in this request.</summary>
    public void Changed(EmulatedNetworkInterface eni) => _changedInterfaces.Add(eni.NetworkInterfaceId);

    /// <summary>Marks an instance whose described state changed in this request.</summary>
    public void Changed(EmulatedInstance instance) => _changedInstances.Add(instance.InstanceId);

    /// <summary>Publishes what changed; the request handler calls it under <see cref="Sync"/> once the action is done.</summary>
    public void Publish()
    {
        if (ConsistencyLag > TimeSpan.Zero)
        {
            var (now, cutoff) = (Now, VisibleCutoff);
            foreach (var id in _changedInterfaces)
            {
                var eni = NetworkInterfaces[id];
                _publishedInterfaces.Publish(id, now, eni.Deleted ? null : NetworkInterfaceView.Of(eni, TagsOf(id)), cutoff);
            }

            foreach (var id in _changedInstances)
            {
                _publishedInstances.Publish(id, now, InstanceView.Of(Instances[id], TagsOf(id)), cutoff);
            }
        }

        _changedInterfaces.Clear();
        _changedInstances.Clear();
    }

    /// <summary>A resource's tags changed: an ENI's or an instance's is a described change.</summary>
    private void TagsChanged(string resourceId)
    {
        if (NetworkInterfaces.TryGetValue(resourceId, out var eni))
        {
            Changed(eni);
        }
        else if (Instances.TryGetValue(resourceId, out var instance))
        {
            Changed(instance);
        }
    }
}
