using System.Collections.Concurrent;
using AwsMultiEni.Silo.Kubernetes;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>A watcher running in the background and every change it delivered, in order.</summary>
internal sealed class ChangeLog<T> : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ResourceChange<T>> _changes = new();
    private readonly Task _run;

    /// <param name="fails">Says which deliveries the consumer throws back, as a grain call that failed would; those are not logged.</param>
    public ChangeLog(IResourceWatcher<T> watcher, Func<ResourceChange<T>, bool>? fails = null)
    {
        Watcher = watcher;
        _run = watcher.RunAsync(
            (change, _) =>
            {
                if (fails?.Invoke(change) == true)
                {
                    throw new InvalidOperationException($"The consumer failed to take {change.Kind}.");
                }

                _changes.Enqueue(change);
                return ValueTask.CompletedTask;
            },
            _stop.Token);
    }

    public IResourceWatcher<T> Watcher { get; }

    public IReadOnlyList<ResourceChange<T>> Changes => _changes.ToList();

    public Task WaitForAsync(Func<ResourceChange<T>, bool> predicate, string what) =>
        Infrastructure.Poll.UntilAsync(() => _changes.Any(predicate), TimeSpan.FromSeconds(15), what);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
