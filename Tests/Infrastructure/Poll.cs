using System.Diagnostics;

namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>Waits for an outcome by polling with a deadline; never a fixed sleep. Ends with the test when it is cancelled.</summary>
public static class Poll
{
    /// <summary>For conditions that start a process each time (kubectl): on a 2-core machine every start costs.</summary>
    public static readonly TimeSpan ProcessInterval = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var cancellationToken = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }

            await Task.Delay(every ?? Interval, cancellationToken);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.", last);
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? every = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, every);

    public static async Task<T> ForValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, TimeSpan? every = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        T? value = null;
        await UntilAsync(async () => (value = await probe()) is not null, timeout, what, every);
        return value!;
    }
}
