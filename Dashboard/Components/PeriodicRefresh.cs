namespace AwsMultiEni.Dashboard.Components;

/// <summary>
/// Runs a component's refresh every period until disposed (the circuit went away). Disposing the timer
/// ends the loop without an exception; the refresh itself must not throw.
/// </summary>
public sealed class PeriodicRefresh : IDisposable
{
    private readonly PeriodicTimer _timer;

    public PeriodicRefresh(TimeSpan period, Func<Task> refresh)
    {
        _timer = new PeriodicTimer(period);
        _ = RunAsync(refresh);
    }

    private async Task RunAsync(Func<Task> refresh)
    {
        while (await _timer.WaitForNextTickAsync())
        {
            await refresh();
        }
    }

    public void Dispose() => _timer.Dispose();
}
