using System.Collections.Concurrent;

namespace AwsMultiEni.Tests.Infrastructure.Leaks;

/// <summary>
/// What tests started and have not stopped yet (worlds, silos), each named with the test that started it, so that
/// the suite's last check can say what a test left running. The kernel's view (processes, sockets, namespaces, CPU)
/// is read separately by <see cref="LeakSentinel"/>; this registry only adds names to it.
/// </summary>
public sealed class LiveResources
{
    private readonly ConcurrentDictionary<long, LiveResource> _live = new();
    private long _next;

    /// <summary>The registry every test world and silo reports to.</summary>
    public static LiveResources Global { get; } = new();

    /// <summary>Records that <paramref name="what"/> is running until the returned handle is disposed.</summary>
    public LiveResource Track(string what)
    {
        var id = Interlocked.Increment(ref _next);
        var resource = new LiveResource(what, TestContext.Current.Test?.TestDisplayName ?? "(no test)", () => _live.TryRemove(id, out _));
        _live[id] = resource;
        return resource;
    }

    public IReadOnlyList<LiveResource> Alive() => [.. _live.OrderBy(pair => pair.Key).Select(pair => pair.Value)];
}

/// <summary>One running thing a test started; disposing it says it stopped.</summary>
public sealed class LiveResource(string what, string startedBy, Action release) : IDisposable
{
    private int _released;

    public string What => what;

    public string StartedBy => startedBy;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }

    public override string ToString() => $"{what} (started by {startedBy})";
}
