using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.Netlink;

/// <summary>
/// Listens to RTMGRP_LINK notifications and completes waiters the moment a link matching their
/// condition is created or changed, so nothing polls for interfaces. When the kernel drops
/// notifications (ENOBUFS) the full link list is read again, so no waiter misses its link. Any other
/// failure of the socket replaces it, after a wait that grows with each failure in a row, and reads the
/// links again for what happened meanwhile; once <see cref="LinkMonitorRecovery.Attempts"/> failures in a
/// row are spent the monitor stops and says why in <see cref="Failure"/>.
/// </summary>
public sealed partial class LinkMonitor : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<NetlinkSocket>> _reopen;
    private readonly Func<CancellationToken, Task<IReadOnlyList<Link>>> _readAll;
    private readonly LinkMonitorRecovery _recovery;
    private readonly ILogger _logger;
    private readonly List<Waiter> _waiters = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LinkMonitor(
        NetlinkSocket socket,
        Func<CancellationToken, Task<NetlinkSocket>> reopen,
        Func<CancellationToken, Task<IReadOnlyList<Link>>> readAll,
        LinkMonitorRecovery recovery,
        ILogger logger)
    {
        _reopen = reopen;
        _readAll = readAll;
        _recovery = recovery;
        _logger = logger;
        _loop = Task.Run(() => ListenAsync(socket, _stop.Token));
    }

    /// <summary>Why the monitor stopped for good (its socket failed and could not be replaced); null while it listens.</summary>
    public string? Failure { get; private set; }

    /// <summary>Listens on a socket of this process's network namespace, opening a new one the same way after a failure.</summary>
    public static LinkMonitor Open(RouteNetlink netlink, ILogger logger) =>
        Start(NetlinkSocket.Open(NetlinkSocket.LinkGroup), _ => Task.FromResult(NetlinkSocket.Open(NetlinkSocket.LinkGroup)), netlink, logger);

    /// <summary>
    /// Starts listening on <paramref name="socket"/>, which must be subscribed to <see cref="NetlinkSocket.LinkGroup"/>;
    /// <paramref name="reopen"/> gives a socket like it when one fails. The first socket is opened by the caller, so
    /// that a link created right after this call is already announced.
    /// </summary>
    public static LinkMonitor Start(
        NetlinkSocket socket,
        Func<CancellationToken, Task<NetlinkSocket>> reopen,
        RouteNetlink netlink,
        ILogger logger,
        LinkMonitorRecovery? recovery = null)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        return new LinkMonitor(socket, reopen, netlink.DumpLinksAsync, recovery ?? LinkMonitorRecovery.Default, logger);
    }

    /// <summary>
    /// Completes with the first link announced after this call that satisfies <paramref name="match"/>.
    /// Register before reading the current links, so a link created in between is not missed.
    /// </summary>
    public async Task<Link> WaitForAsync(Func<Link, bool> match, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(match);
        lock (_lock)
        {
            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Found.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task ListenAsync(NetlinkSocket first, CancellationToken cancellationToken)
    {
        NetlinkSocket? socket = first;
        var missed = false;
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (socket is null)
                    {
                        socket = await _reopen(cancellationToken);
                        missed = true;
                    }

                    if (missed)
                    {
                        foreach (var link in await _readAll(cancellationToken))
                        {
                            Announce(link);
                        }

                        missed = false;
                    }

                    foreach (var message in await socket.ReceiveAsync(cancellationToken))
                    {
                        if (message.Type == IfInfoMessage.NewLink)
                        {
                            Announce(Link.FromMessage(message.Payload));
                        }
                    }

                    failures = 0;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (NetlinkOverrunException ex)
                {
                    LogOverrun(ex);
                    missed = true;
                }
                catch (Exception ex)
                {
                    // Whatever broke the socket (an error from the kernel, a socket closed under it), a link that
                    // appears must still be announced: without a monitor an ENI attached later waits out every deadline.
                    socket?.Dispose();
                    socket = null;
                    if (++failures > _recovery.Attempts)
                    {
                        // Said before it shows: whoever sees the failure (health, a test) finds the log line already written.
                        LogStopped(_recovery.Attempts, ex);
                        Failure = $"link notifications failed {_recovery.Attempts} times in a row, last: {ex.Message}";
                        return;
                    }

                    var wait = _recovery.Delay(failures);
                    LogReopening(wait.TotalSeconds, ex);
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        finally
        {
            socket?.Dispose();
        }
    }

    private void Announce(Link link)
    {
        lock (_lock)
        {
            foreach (var waiter in _waiters.Where(w => w.Match(link)))
            {
                waiter.Found.TrySetResult(link);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link notifications were dropped; re-reading every link")]
    private partial void LogOverrun(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link notifications failed; opening a new socket in {Seconds} s and re-reading every link")]
    private partial void LogReopening(double seconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Link notifications failed {Attempts} times in a row; the link monitor stopped and /healthz reports unhealthy until the agent restarts")]
    private partial void LogStopped(int attempts, Exception exception);

    private sealed record Waiter(Func<Link, bool> Match)
    {
        public TaskCompletionSource<Link> Found { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
