namespace AwsMultiEni.Silo.Grains;

/// <summary>
/// Turns a burst of requests for the same work into one run: the first request runs it right after the current
/// grain turn, and requests within <c>interval</c> of the last run wait for the interval to end. Requests made while
/// it runs schedule the next run, so a change is never left behind.
/// </summary>
internal sealed class Coalescer
{
    private IGrainTimer? _timer;
    private DateTimeOffset? _lastRun;

    public void Schedule(IGrainBase grain, TimeSpan interval, TimeProvider clock, Func<Task> work)
    {
        if (_timer is not null)
        {
            return;
        }

        var wait = _lastRun is { } last ? last + interval - clock.GetUtcNow() : TimeSpan.Zero;
        _timer = grain.RegisterGrainTimer(
            async _ =>
            {
                _timer?.Dispose();
                _timer = null;
                _lastRun = clock.GetUtcNow();
                await work();
            },
            new GrainTimerCreationOptions(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }
}
