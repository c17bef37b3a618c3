namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// Merges single-ID describes into one filtered describe of the union, then splits the answer back; an ID the
/// answer lacks is answered null, as a describe of that ID alone would be (a filter is as sure of an absence).
/// A batch goes out <c>window</c> after its first ID arrives, and at most once per <c>minInterval</c>: under load
/// the IDs of a whole interval share one call, as the VPC CNI and Karpenter batch their describes, while a lone
/// describe in a quiet period waits only the window. A full batch goes out at once.
/// </summary>
internal sealed class DescribeBatcher<TValue>(
    Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, TValue>>> describeMany,
    TimeSpan window,
    TimeSpan minInterval,
    int maxBatchSize,
    TimeProvider time)
    where TValue : class
{
    private readonly Lock _sync = new();
    private Dictionary<string, TaskCompletionSource<TValue?>> _pending = new(StringComparer.Ordinal);
    private bool _flushScheduled;
    private DateTimeOffset? _lastFlush;

    public Task<TValue?> DescribeAsync(string id, CancellationToken cancellationToken)
    {
        TaskCompletionSource<TValue?> waiter;
        Dictionary<string, TaskCompletionSource<TValue?>>? full = null;
        var schedule = false;
        var delay = window;
        lock (_sync)
        {
            if (!_pending.TryGetValue(id, out var existing))
            {
                existing = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending[id] = existing;
            }

            waiter = existing;
            if (_pending.Count >= maxBatchSize)
            {
                full = TakePending();
            }
            else if (!_flushScheduled)
            {
                _flushScheduled = schedule = true;
                if (_lastFlush is { } last && last + minInterval - time.GetUtcNow() is var wait && wait > delay)
                {
                    delay = wait;
                }
            }
        }

        if (full is not null)
        {
            _ = FlushAsync(full);
        }
        else if (schedule)
        {
            _ = FlushAfterAsync(delay);
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    private Dictionary<string, TaskCompletionSource<TValue?>> TakePending()
    {
        var batch = _pending;
        _pending = new Dictionary<string, TaskCompletionSource<TValue?>>(StringComparer.Ordinal);
        _flushScheduled = false;
        _lastFlush = time.GetUtcNow();
        return batch;
    }

    private async Task FlushAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay, time).ConfigureAwait(false);
        Dictionary<string, TaskCompletionSource<TValue?>> batch;
        lock (_sync)
        {
            if (!_flushScheduled)
            {
                return;
            }

            batch = TakePending();
        }

        await FlushAsync(batch).ConfigureAwait(false);
    }

    private async Task FlushAsync(Dictionary<string, TaskCompletionSource<TValue?>> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            var found = await describeMany(batch.Keys, CancellationToken.None).ConfigureAwait(false);
            foreach (var (id, waiter) in batch)
            {
                waiter.TrySetResult(found.GetValueOrDefault(id));
            }
        }
        catch (Exception ex)
        {
            foreach (var waiter in batch.Values)
            {
                waiter.TrySetException(ex);
            }
        }
    }
}
