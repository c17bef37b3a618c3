namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// The EC2 request budget of one account and region: one token bucket per throttling bucket, shared
/// by every caller that holds this instance. Callers queue for a token instead of being throttled.
/// With several silos each holds its <see cref="SetShare">share</see>, so together they stay within the account's budget.
/// </summary>
public sealed class Ec2RequestBudget
{
    private readonly Dictionary<string, (TokenBucketOptions Whole, TokenBucket Bucket, SemaphoreSlim Queue)> _buckets;
    private readonly TimeProvider _time;

    public Ec2RequestBudget(Ec2ThrottleBuckets buckets, TimeProvider time, double share = 1)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        _time = time;
        _buckets = buckets.ByName().ToDictionary(
            pair => pair.Key,
            pair => (pair.Value, new TokenBucket(pair.Value.Share(share), time), new SemaphoreSlim(1, 1)),
            StringComparer.Ordinal);
    }

    /// <summary>Takes <paramref name="share"/> (0..1] of the account's budget from now on, e.g. 1/N with N silos.</summary>
    public void SetShare(double share)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        foreach (var (whole, bucket, _) in _buckets.Values)
        {
            bucket.Reconfigure(whole.Share(share));
        }
    }

    /// <summary>Waits until <paramref name="action"/>'s bucket has a token and takes it; returns how long that took.</summary>
    public async Task<TimeSpan> WaitForTokenAsync(string action, CancellationToken cancellationToken)
    {
        var (_, bucket, queue) = _buckets[Ec2ThrottleBuckets.BucketOf(action)];
        var started = _time.GetTimestamp();

        // One waiter at a time per bucket keeps waiters in arrival order instead of racing for each refill.
        await queue.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!bucket.TryTake(out var retryAfter))
            {
                await Task.Delay(retryAfter, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            queue.Release();
        }

        return _time.GetElapsedTime(started);
    }
}
