using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.Netlink;

/// <summary>
/// Listens to RTMGRP_LINK notifications and completes waiters the moment a link matching their
/// condition is created or changed, so nothing polls for interfaces. When the kernel drops
/// notifications (ENOBUFS) the full link list is read again, so no waiter misses its link.
/// </summary>
public sealed partial class LinkMonitor : IAsyncDisposable
{
    private readonly NetlinkSocket _socket;
    private readonly Func<CancellationToken, Task<IReadOnlyList<Link>>> _readAll;
    private readonly ILogger _logger;
    private readonly List<Waiter> _waiters = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LinkMonitor(NetlinkSocket socket, Func<CancellationToken, Task<IReadOnlyList<Link>>> readAll, ILogger logger)
    {
        _socket = socket;
        _readAll = readAll;
        _logger = logger;
        _loop = Task.Run(() => ListenAsync(_stop.Token));
    }

    /// <summary>Starts listening on <paramref name="socket"/>, which must be subscribed to <see cref="NetlinkSocket.LinkGroup"/>.</summary>
    public static LinkMonitor Start(NetlinkSocket socket, RouteNetlink netlink, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        return new LinkMonitor(socket, netlink.DumpLinksAsync, logger);
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
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var message in await _socket.ReceiveAsync(cancellationToken))
                {
                    if (message.Type == IfInfoMessage.NewLink)
                    {
                        Announce(Link.FromMessage(message.Payload));
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (NetlinkOverrunException ex)
            {
                LogOverrun(ex);
                foreach (var link in await _readAll(cancellationToken))
                {
                    Announce(link);
                }
            }
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

    private sealed record Waiter(Func<Link, bool> Match)
    {
        public TaskCompletionSource<Link> Found { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
