using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// list+watch like a client-go reflector: lists in pages of <see cref="WatchSettings.PageSize"/>, all
/// read from one snapshot; watches resume from the last resourceVersion seen (bookmarks included); a
/// 410 Gone, on the watch or on a page whose snapshot is gone, relists from scratch, and the relist is
/// diffed against what was known so that objects deleted while disconnected are reported as Deleted;
/// every <see cref="WatchSettings.ResyncPeriod"/> it relists anyway, ending the watch, which heals an event
/// the watch lost and delivers again what the consumer failed to take; errors back off exponentially
/// with jitter.
/// </summary>
internal sealed class ResourceWatcher<T>(
    string cluster,
    IWatchSource<T> source,
    WatchSettings settings,
    KubernetesMetrics metrics,
    TimeProvider clock,
    ILogger logger) : IResourceWatcher<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _known = new(StringComparer.Ordinal);

    /// <summary>The last change of each object the consumer failed to take, to deliver again at the next relist.</summary>
    private readonly ConcurrentDictionary<string, ResourceChange<T>> _undelivered = new(StringComparer.Ordinal);

    private volatile bool _synced;

    public bool IsSynced => _synced;

    public IReadOnlyDictionary<string, T> Snapshot => new Dictionary<string, T>(_known, StringComparer.Ordinal);

    public async Task RunAsync(Func<ResourceChange<T>, CancellationToken, ValueTask> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        string? resourceVersion = null;
        var resyncAt = DateTimeOffset.MinValue;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? streamError = null;
            var resynced = false;
            try
            {
                if (resourceVersion is null || clock.GetUtcNow() >= resyncAt)
                {
                    resourceVersion = await RelistAsync(onChange, cancellationToken);
                    resyncAt = clock.GetUtcNow() + settings.ResyncPeriod;
                }

                // The watch ends when the resync is due, so that a stream that went silent cannot put it off.
                var untilResync = resyncAt - clock.GetUtcNow();
                using var resyncDue = new CancellationTokenSource(untilResync > TimeSpan.Zero ? untilResync : TimeSpan.Zero, clock);
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, resyncDue.Token);
                try
                {
                    await foreach (var item in source.WatchAsync(resourceVersion, settings.TimeoutSeconds, e => streamError ??= e, watching.Token))
                    {
                        failures = 0;
                        metrics.WatchEvent(cluster, source.Resource, item.Type.ToString());
                        resourceVersion = item.ResourceVersion;
                        await ApplyAsync(item, onChange, cancellationToken);
                    }
                }
                catch (Exception) when (resyncDue.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // However the client reports the stream it was told to drop, the round just ends: the resync is next.
                }

                resynced = resyncDue.IsCancellationRequested;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever broke this round (transport, server, an undecodable object, a timeout),
                // the loop must outlive it: the next round resumes or relists after a backoff.
                streamError = ex;
            }

            if (resynced)
            {
                metrics.WatchRestart(cluster, source.Resource, "resync");
                continue;
            }

            if (streamError is HttpRequestException { InnerException: EndOfStreamException })
            {
                // KubernetesClient reads a watch's first line before returning the response; a
                // server that ends an idle watch without a line surfaces here. It is a close.
                streamError = null;
            }

            if (IsGone(streamError))
            {
                KubernetesLog.WatchExpired(logger, cluster, source.Resource);
                metrics.WatchRestart(cluster, source.Resource, "expired");
                resourceVersion = null;
            }
            else if (streamError is not null)
            {
                var delay = Backoff(++failures);
                KubernetesLog.WatchFailed(logger, streamError, cluster, source.Resource, delay);
                metrics.WatchRestart(cluster, source.Resource, "error");
                await Task.Delay(delay, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            else
            {
                metrics.WatchRestart(cluster, source.Resource, "closed");
            }
        }
    }

    private async Task<string> RelistAsync(Func<ResourceChange<T>, CancellationToken, ValueTask> onChange, CancellationToken cancellationToken)
    {
        var (items, resourceVersion, pages) = await ListAllAsync(cancellationToken);
        KubernetesLog.Listed(logger, cluster, items.Count, source.Resource, pages, resourceVersion);
        var listed = items.ToDictionary(source.NameOf, StringComparer.Ordinal);
        foreach (var (name, gone) in _known.Where(k => !listed.ContainsKey(k.Key)).ToList())
        {
            _known.TryRemove(name, out _);
            await DeliverAsync(new ResourceChange<T>(ResourceChangeKind.Deleted, gone), onChange, cancellationToken);
        }

        // A deletion the consumer failed to take is no longer known here, but the consumer must still hear of it.
        foreach (var (_, deletion) in _undelivered.Where(u => u.Value.Kind == ResourceChangeKind.Deleted && !listed.ContainsKey(u.Key)).ToList())
        {
            await DeliverAsync(deletion, onChange, cancellationToken);
        }

        foreach (var (name, item) in listed)
        {
            var previous = _known.GetValueOrDefault(name);
            _known[name] = item;
            var undelivered = _undelivered.GetValueOrDefault(name);
            if (previous is null || undelivered is not null || source.VersionOf(previous) != source.VersionOf(item))
            {
                var kind = previous is null || undelivered?.Kind == ResourceChangeKind.Added ? ResourceChangeKind.Added : ResourceChangeKind.Modified;
                await DeliverAsync(new ResourceChange<T>(kind, item), onChange, cancellationToken);
            }
        }

        _synced = true;
        return resourceVersion;
    }

    /// <summary>
    /// Every item, page by page, the server reading every page from the first page's snapshot. A 410 on a continue
    /// (that snapshot is gone) ends the list like a 410 on the watch: <see cref="RunAsync"/> lists again from scratch.
    /// </summary>
    private async Task<(List<T> Items, string ResourceVersion, int Pages)> ListAllAsync(CancellationToken cancellationToken)
    {
        var page = await source.ListAsync(settings.PageSize, null, cancellationToken);
        var (items, resourceVersion, pages) = (page.Items.ToList(), page.ResourceVersion, 1);
        while (page.Continue is { } next)
        {
            page = await source.ListAsync(settings.PageSize, next, cancellationToken);
            items.AddRange(page.Items);
            pages++;
        }

        return (items, resourceVersion, pages);
    }

    private async Task ApplyAsync(WatchItem<T> item, Func<ResourceChange<T>, CancellationToken, ValueTask> onChange, CancellationToken cancellationToken)
    {
        if (item.Object is not { } obj)
        {
            return;
        }

        var name = source.NameOf(obj);
        switch (item.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                var known = _known.ContainsKey(name);
                _known[name] = obj;
                await DeliverAsync(new ResourceChange<T>(known ? ResourceChangeKind.Modified : ResourceChangeKind.Added, obj), onChange, cancellationToken);
                break;
            case WatchEventType.Deleted:
                _known.TryRemove(name, out _);
                await DeliverAsync(new ResourceChange<T>(ResourceChangeKind.Deleted, obj), onChange, cancellationToken);
                break;
        }
    }

    private async Task DeliverAsync(ResourceChange<T> change, Func<ResourceChange<T>, CancellationToken, ValueTask> onChange, CancellationToken cancellationToken)
    {
        var name = source.NameOf(change.Object);
        try
        {
            await onChange(change, cancellationToken);
            _undelivered.TryRemove(name, out _);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failing consumer must not stop the watch: the object's next change, or else the next relist (a
            // resync at the latest), delivers it again, unchanged or not.
            KubernetesLog.HandlerFailed(logger, ex, cluster, change.Kind, source.Resource, name);
            _undelivered[name] = change;
        }
    }

    private static bool IsGone(Exception? error) => error switch
    {
        KubernetesException { Status.Code: 410 } => true,
        HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.Gone } => true,
        _ => false,
    };

    private TimeSpan Backoff(int failures)
    {
        var exponential = settings.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16));
        var capped = Math.Min(exponential, settings.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
