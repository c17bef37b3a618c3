using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>One change as watchers see it: <c>ADDED</c>, <c>MODIFIED</c> or <c>DELETED</c> at a resourceVersion.</summary>
internal sealed record WatchRecord(long ResourceVersion, string TypeKey, string Type, JsonObject Object, JsonObject? Previous);

/// <summary>An open watch: the changes of one resource type that pass its filter, in order.</summary>
internal sealed class WatchSubscription(string typeKey, Func<JsonObject, bool> filter)
{
    private readonly Channel<WatchRecord> _changes = Channel.CreateUnbounded<WatchRecord>(new UnboundedChannelOptions { SingleReader = true });

    private volatile bool _silenced;

    public ChannelReader<WatchRecord> Changes => _changes.Reader;

    /// <summary>Whether the stream has gone quiet for good (see <see cref="WatchHub.SilenceAll"/>).</summary>
    public bool Silenced => _silenced;

    internal void Silence() => _silenced = true;

    internal void Offer(WatchRecord change)
    {
        if (_silenced || change.TypeKey != typeKey)
        {
            return;
        }

        if (filter(change.Object))
        {
            _changes.Writer.TryWrite(change);
        }
        else if (change.Type == "MODIFIED" && change.Previous is not null && filter(change.Previous))
        {
            // The object left the watcher's selection: to that watcher it is gone.
            _changes.Writer.TryWrite(change with { Type = "DELETED" });
        }
    }

    internal void Close() => _changes.Writer.TryComplete();
}

/// <summary>
/// The change history of one cluster and its open watches. History is bounded like etcd's
/// compaction window: a watch that starts from a resourceVersion older than what is retained
/// gets 410 Gone and must relist.
/// </summary>
internal sealed class WatchHub(int retained)
{
    private readonly LinkedList<WatchRecord> _history = new();
    private readonly List<WatchSubscription> _subscriptions = [];
    private long _compactedThrough;

    public int OpenWatches => _subscriptions.Count;

    /// <summary>Records a change; the caller holds the store's lock so changes stay in resourceVersion order.</summary>
    public void Publish(WatchRecord change)
    {
        _history.AddLast(change);
        while (_history.Count > retained)
        {
            _compactedThrough = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.Offer(change);
        }
    }

    /// <summary>
    /// Opens a watch that first replays retained changes after <paramref name="fromVersion"/>;
    /// null when those changes were compacted away.
    /// </summary>
    public WatchSubscription? Subscribe(string typeKey, Func<JsonObject, bool> filter, long fromVersion)
    {
        if (fromVersion < _compactedThrough)
        {
            return null;
        }

        var subscription = new WatchSubscription(typeKey, filter);
        foreach (var change in _history.Where(c => c.ResourceVersion > fromVersion))
        {
            subscription.Offer(change);
        }

        _subscriptions.Add(subscription);
        return subscription;
    }

    /// <summary>The retained changes after <paramref name="version"/>, newest first; null when some were compacted away.</summary>
    public IEnumerable<WatchRecord>? NewestFirstSince(long version) => version < _compactedThrough ? null : NewestFirst(version);

    private IEnumerable<WatchRecord> NewestFirst(long version)
    {
        for (var node = _history.Last; node is not null && node.Value.ResourceVersion > version; node = node.Previous)
        {
            yield return node.Value;
        }
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        _subscriptions.Remove(subscription);
        subscription.Close();
    }

    /// <summary>Forgets all history up to <paramref name="currentVersion"/>, as an etcd compaction does.</summary>
    public void Compact(long currentVersion)
    {
        _history.Clear();
        _compactedThrough = currentVersion;
    }

    /// <summary>Lets every open watch lose whatever happens from now on, while it stays open.</summary>
    public void SilenceAll()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Silence();
        }
    }

    /// <summary>Ends every open watch, as an API server restart or a dropped connection would.</summary>
    public void CloseAll()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Close();
        }

        _subscriptions.Clear();
    }
}
