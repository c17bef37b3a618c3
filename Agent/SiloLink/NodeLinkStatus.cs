namespace AwsMultiEni.Agent.SiloLink;

/// <summary>
/// How the agent's link to its NodeGrain fares: whether the last silo call went through, since when,
/// and how desired sets arrived (pushes from the grain, periodic reads). Read by /healthz and metrics.
/// </summary>
public sealed class NodeLinkStatus(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private long _pushes;
    private long _reads;

    public bool Connected { get; private set; }

    public DateTimeOffset Since { get; private set; } = clock.GetUtcNow();

    public string? LastError { get; private set; }

    /// <summary>Why the apply loop ended while the agent was not stopping; null while it runs.</summary>
    public string? ApplyLoopFailure { get; private set; }

    /// <summary>Desired sets the NodeGrain pushed to the observer.</summary>
    public long Pushes => Interlocked.Read(ref _pushes);

    /// <summary>Desired sets read with <c>GetDesiredInterfaces</c> (at start, after an outage, and every resync interval).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    public void Up()
    {
        lock (_lock)
        {
            if (!Connected)
            {
                Connected = true;
                Since = clock.GetUtcNow();
            }

            LastError = null;
        }
    }

    public void Down(string error)
    {
        lock (_lock)
        {
            if (Connected)
            {
                Connected = false;
                Since = clock.GetUtcNow();
            }

            LastError = error;
        }
    }

    public void ApplyLoopStopped(string reason) => ApplyLoopFailure = reason;

    public void Pushed() => Interlocked.Increment(ref _pushes);

    public void Read() => Interlocked.Increment(ref _reads);
}
