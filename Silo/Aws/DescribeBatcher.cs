namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// Merges concurrent single-ID describes arriving within a short window into one describe of the union,
/// then splits the answer back. IDs missing from the merged answer are asked again one by one, so a
/// merged filter never turns "not there yet" into "gone".
/// </summary>
internal sealed class DescribeBatcher<TValue>(
    Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, TValue>>> describeMany,
    Func<string, CancellationToken, Task<TValue?>> describeOne,
    TimeSpan window,
    int maxBatchSize,
    TimeProvider time)
    where TValue : class
{
    private readonly Lock _sync = new();
    private Dictionary<string, TaskCompletionSource<TValue?>> _pending = new(StringComparer.Ordinal);
    private bool _flushScheduled;

    public Task<TValue?> DescribeAsync(string id, CancellationToken cancellationToken)
    {
        TaskCompletionSource<TValue?> waiter;
        Dictionary<string, TaskCompletionSource<TValue?>>? full = null;
        var schedule = false;
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
            }
        }

        if (full is not null)
        {
            _ = FlushAsync(full);
        }
        else if (schedule)
        {
            _ = FlushAfterWindowAsync();
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    private Dictionary<string, TaskCompletionSource<TValue?>> TakePending()
    {
        var batch = _pending;
        _pending = new Dictionary<string, TaskCompletionSource<TValue?>>(StringComparer.Ordinal);
        _flushScheduled = false;
        return batch;
    }

    private async Task FlushAfterWindowAsync()
    {
        await Task.Delay(window, time).ConfigureAwait(false);
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
            var missing = new List<string>();
            foreach (var (id, waiter) in batch)
            {
                if (found.TryGetValue(id, out var value))
                {
                    waiter.TrySetResult(value);
                }
                else
                {
                    missing.Add(id);
                }
            }

            await Task.WhenAll(missing.Select(id => DescribeSingleAsync(id, batch[id]))).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var waiter in batch.Values)
            {
                waiter.TrySetException(ex);
            }
        }
    }

    private async Task DescribeSingleAsync(string id, TaskCompletionSource<TValue?> waiter)
    {
        try
        {
            waiter.TrySetResult(await describeOne(id, CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            waiter.TrySetException(ex);
        }
    }
}
