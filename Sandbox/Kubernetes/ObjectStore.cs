using System.Globalization;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// The objects of one cluster, like etcd behind an API server: every write gets the next
/// resourceVersion and is published to the <see cref="WatchHub"/> under the same lock, so
/// watchers see changes in order. Callers get deep copies, never the stored object.
/// </summary>
internal sealed class ObjectStore(TimeProvider clock, int retainedChanges = 10_000)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private long _resourceVersion;

    public WatchHub Watches { get; } = new(retainedChanges);

    public string Now => Timestamp(clock.GetUtcNow());

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public JsonObject Get(ResourceType type, string? ns, string name)
    {
        lock (_lock)
        {
            return (JsonObject)Find(type, ns, name)?.DeepClone()! ?? throw ApiError.NotFound(type, name);
        }
    }

    public bool Exists(ResourceType type, string? ns, string name)
    {
        lock (_lock)
        {
            return Find(type, ns, name) is not null;
        }
    }

    /// <summary>
    /// A list, or one page of it, in key order (namespace/name) as etcd returns it. Every page of a list is read at
    /// the first page's resourceVersion, so an object created or deleted meanwhile neither shows up in nor vanishes
    /// from the pages still to come; a continue whose resourceVersion was compacted away is 410 Gone.
    /// </summary>
    public ListPage List(ResourceType type, string? ns, Func<JsonObject, bool> filter, ListOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_lock)
        {
            var (version, objects) = options.Continue is { } token
                ? (token.ResourceVersion, At(type, token))
                : (_resourceVersion, Bucket(type));
            var matching = objects
                .Where(o => (ns is null || (string?)o.Value["metadata"]!["namespace"] == ns) && filter(o.Value))
                .ToList();
            var page = options.Limit > 0 ? matching.Take(options.Limit).ToList() : matching;
            var remaining = matching.Count - page.Count;
            return new ListPage(
                [.. page.Select(o => (JsonObject)o.Value.DeepClone())],
                version,
                remaining > 0 ? ContinueToken.After(version, page[^1].Key) : null,
                remaining > 0 && options.CountsRemaining ? remaining : null);
        }
    }

    /// <summary>
    /// The objects of a type stored from <paramref name="token"/>'s start key on, as they were at its
    /// resourceVersion: today's objects with every later change undone, as etcd reads an older revision.
    /// </summary>
    private SortedDictionary<string, JsonObject> At(ResourceType type, ContinueToken token)
    {
        if (token.ResourceVersion > _resourceVersion)
        {
            throw ApiError.BadRequest($"invalid continue token: resourceVersion {token.ResourceVersion} is in the future");
        }

        var later = Watches.NewestFirstSince(token.ResourceVersion)
            ?? throw ApiError.Gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
        bool Wanted(string key) => string.CompareOrdinal(key, token.Start) >= 0;
        var state = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (key, obj) in Bucket(type).Where(o => Wanted(o.Key)))
        {
            state[key] = obj;
        }

        foreach (var change in later.Where(c => c.TypeKey == type.Key))
        {
            var metadata = change.Object["metadata"]!;
            var key = Key((string?)metadata["namespace"], (string)metadata["name"]!);
            if (!Wanted(key))
            {
                continue;
            }

            if (change.Previous is { } previous)
            {
                state[key] = previous;
            }
            else
            {
                state.Remove(key);
            }
        }

        return state;
    }

    /// <summary>Opens a watch; with no <paramref name="fromVersion"/> it starts with the current objects as ADDED.</summary>
    public (WatchSubscription? Subscription, List<JsonObject> Initial, long StartVersion) Watch(
        ResourceType type, string? ns, Func<JsonObject, bool> filter, long? fromVersion)
    {
        bool Matches(JsonObject o) => (ns is null || (string?)o["metadata"]!["namespace"] == ns) && filter(o);
        lock (_lock)
        {
            var start = fromVersion ?? _resourceVersion;
            var initial = fromVersion is null
                ? Bucket(type).Values.Where(Matches).Select(o => (JsonObject)o.DeepClone()).ToList()
                : [];
            return (Watches.Subscribe(type.Key, Matches, start), initial, start);
        }
    }

    public JsonObject Create(ResourceType type, JsonObject obj)
    {
        var metadata = obj["metadata"]!.AsObject();
        var name = (string)metadata["name"]!;
        lock (_lock)
        {
            var bucket = Bucket(type);
            var key = Key((string?)metadata["namespace"], name);
            if (bucket.ContainsKey(key))
            {
                throw ApiError.AlreadyExists(type, name);
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Now;
            metadata["generation"] = 1L;
            RequireStorable(obj);
            metadata["resourceVersion"] = Next();
            metadata.Remove("deletionTimestamp");
            bucket[key] = (JsonObject)obj.DeepClone();
            Watches.Publish(new WatchRecord(_resourceVersion, type.Key, "ADDED", (JsonObject)obj.DeepClone(), null));
            return obj;
        }
    }

    /// <summary>
    /// Replaces an object with what <paramref name="change"/> makes of a copy of it. A change that
    /// alters nothing keeps the resourceVersion; an object being deleted whose last finalizer is
    /// removed goes away.
    /// </summary>
    public JsonObject Update(ResourceType type, string? ns, string name, Func<JsonObject, JsonObject> change)
    {
        lock (_lock)
        {
            var current = Find(type, ns, name) ?? throw ApiError.NotFound(type, name);
            var next = change((JsonObject)current.DeepClone());
            if (JsonNode.DeepEquals(next, current))
            {
                return next;
            }

            RequireStorable(next);
            var metadata = next["metadata"]!.AsObject();
            metadata["resourceVersion"] = Next();
            if (metadata["deletionTimestamp"] is not null && metadata["finalizers"] is not JsonArray { Count: > 0 })
            {
                return Remove(type, Key(ns, name), next, current);
            }

            Bucket(type)[Key(ns, name)] = (JsonObject)next.DeepClone();
            Watches.Publish(new WatchRecord(_resourceVersion, type.Key, "MODIFIED", (JsonObject)next.DeepClone(), (JsonObject)current.DeepClone()));
            return next;
        }
    }

    /// <summary>etcd's limit on one request, which bounds every object: the API server relays etcd's refusal.</summary>
    public const int MaxObjectBytes = 1536 * 1024;

    private static void RequireStorable(JsonObject obj)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(obj.ToJsonString()) > MaxObjectBytes)
        {
            throw new ApiError(500, "InternalError", "etcdserver: request is too large");
        }
    }

    /// <summary>Deletes now, or marks for deletion while finalizers remain.</summary>
    public JsonObject Delete(ResourceType type, string? ns, string name, string? expectedVersion, string? expectedUid)
    {
        lock (_lock)
        {
            var current = Find(type, ns, name) ?? throw ApiError.NotFound(type, name);
            var metadata = current["metadata"]!.AsObject();
            if ((expectedVersion is not null && expectedVersion != (string?)metadata["resourceVersion"])
                || (expectedUid is not null && expectedUid != (string?)metadata["uid"]))
            {
                throw ApiError.Conflict(type, name);
            }

            if (metadata["finalizers"] is JsonArray { Count: > 0 })
            {
                if (metadata["deletionTimestamp"] is not null)
                {
                    return (JsonObject)current.DeepClone();
                }

                var marked = (JsonObject)current.DeepClone();
                marked["metadata"]!["deletionTimestamp"] = Now;
                marked["metadata"]!["deletionGracePeriodSeconds"] = 0;
                marked["metadata"]!["resourceVersion"] = Next();
                Bucket(type)[Key(ns, name)] = (JsonObject)marked.DeepClone();
                Watches.Publish(new WatchRecord(_resourceVersion, type.Key, "MODIFIED", (JsonObject)marked.DeepClone(), (JsonObject)current.DeepClone()));
                return marked;
            }

            var gone = (JsonObject)current.DeepClone();
            gone["metadata"]!["resourceVersion"] = Next();
            return Remove(type, Key(ns, name), gone, current);
        }
    }

    /// <summary>Drops every object of a resource type that is no longer served.</summary>
    public void DropAll(ResourceType type)
    {
        lock (_lock)
        {
            _objects.Remove(type.Key);
        }
    }

    /// <summary>Forgets the change history, so every watch from an older resourceVersion gets 410 Gone.</summary>
    public void CompactHistory()
    {
        lock (_lock)
        {
            Watches.Compact(_resourceVersion);
        }
    }

    public int OpenWatches
    {
        get
        {
            lock (_lock)
            {
                return Watches.OpenWatches;
            }
        }
    }

    /// <summary>Ends every open watch stream.</summary>
    public void CloseWatches()
    {
        lock (_lock)
        {
            Watches.CloseAll();
        }
    }

    public void SilenceWatches()
    {
        lock (_lock)
        {
            Watches.SilenceAll();
        }
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        lock (_lock)
        {
            Watches.Unsubscribe(subscription);
        }
    }

    private JsonObject Remove(ResourceType type, string key, JsonObject last, JsonObject previous)
    {
        Bucket(type).Remove(key);
        Watches.Publish(new WatchRecord(_resourceVersion, type.Key, "DELETED", (JsonObject)last.DeepClone(), (JsonObject)previous.DeepClone()));
        return last;
    }

    private string Next() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private JsonObject? Find(ResourceType type, string? ns, string name) => Bucket(type).GetValueOrDefault(Key(ns, name));

    private SortedDictionary<string, JsonObject> Bucket(ResourceType type)
    {
        if (!_objects.TryGetValue(type.Key, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[type.Key] = bucket;
        }

        return bucket;
    }

    private static string Key(string? ns, string name) => $"{ns}/{name}";
}
