namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// A thread-safe token bucket on a <see cref="TimeProvider"/>. It only answers "take one now, or how long
/// until one is there"; waiting is the caller's choice (the gateway waits, the emulator throttles).
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _sync = new();
    private readonly TimeProvider _time;
    private double _capacity;
    private double _refillPerSecond;
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(TokenBucketOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RefillPerSecond);
        _time = time;
        _capacity = options.Capacity;
        _refillPerSecond = options.RefillPerSecond;
        _tokens = _capacity;
        _lastRefill = time.GetTimestamp();
    }

    /// <summary>Takes a token if one is there; otherwise says how long until one will be.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_sync)
        {
            Refill();
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / _refillPerSecond);
            return false;
        }
    }

    /// <summary>Changes size and rate from now on; tokens already earned are kept up to the new capacity.</summary>
    public void Reconfigure(TokenBucketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RefillPerSecond);
        lock (_sync)
        {
            Refill();
            _capacity = options.Capacity;
            _refillPerSecond = options.RefillPerSecond;
            _tokens = Math.Min(_capacity, _tokens);
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + (_time.GetElapsedTime(_lastRefill, now).TotalSeconds * _refillPerSecond));
        _lastRefill = now;
    }
}
