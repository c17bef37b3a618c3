namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Fires once, across every silo: the first call to reach the crash point hangs there, as if its silo died, or, for a
/// test that only holds the call, until <see cref="LetGo"/>.
/// </summary>
internal sealed class CrashSignal
{
    private readonly TaskCompletionSource<string> _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _hangEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _letGo = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The name of the silo that crashed.</summary>
    public Task<string> Crashed => _crashed.Task;

    /// <summary>Waits for the hung call to end, which only its silo's stopping does.</summary>
    public async Task WaitForHangToEndAsync(TimeSpan timeout)
    {
        try
        {
            await _hangEnded.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The killed silo's hung call was still waiting {timeout.TotalSeconds:0} s after the kill: its silo's stopping did not cancel it.");
        }
    }

    /// <summary>Ends the hang: the held call goes on to its peer as if it had only been slow.</summary>
    public void LetGo() => _letGo.TrySetResult();

    /// <summary>
    /// The first caller hangs until <paramref name="cancellationToken"/> fires, which the killed silo does as it stops,
    /// and then fails, so that its grain's turn ends without a word written; every later caller passes.
    /// </summary>
    public async Task HangOnceAsync(string silo, CancellationToken cancellationToken)
    {
        if (!_crashed.TrySetResult(silo))
        {
            return;
        }

        try
        {
            await _letGo.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _hangEnded.TrySetResult();
        }
    }
}
