using System.Diagnostics;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Agent.Apply;
using AwsMultiEni.Agent.Netlink;
using AwsMultiEni.Agent.PodAddresses;
using AwsMultiEni.Client.Connection;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.SiloLink;

/// <summary>
/// The agent's link to its NodeGrain. One loop keeps the observer subscribed and reads the desired set
/// at start, after every outage and every resync interval; another applies the latest set, one apply at
/// a time, and reports what the node shows. An ENI whose interface is missing is applied again the
/// moment the kernel announces a link with its MAC address, and the set is applied (and reported) again when the
/// node's IPAM store shows a change in pod-address use, which is what the fleet's warm targets follow.
/// </summary>
public sealed partial class NodeLink(
    IGrainFactory grains,
    NodeApplier applier,
    PodAddressFiles podAddresses,
    LinkMonitor monitor,
    NodeLinkSettings settings,
    NodeLinkStatus status,
    AgentMetrics metrics,
    TimeProvider clock,
    ILogger<NodeLink> logger)
{
    private readonly DesiredSetMailbox _mailbox = new(status);
    private NodeInterfaceReport? _reported;

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled, then unsubscribes.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var node = grains.GetGrain<INodeGrain>(settings.NodeKey);
        var observer = grains.CreateObjectReference<INodeInterfacesObserver>(_mailbox);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var applying = ApplyLoopAsync(node, stopping.Token);
        var watching = WatchAddressUseAsync(stopping.Token);
        try
        {
            await SyncLoopAsync(node, observer, stoppingToken);
        }
        finally
        {
            await stopping.CancelAsync();
            await applying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await UnsubscribeAsync(node, observer);
            grains.DeleteObjectReference<INodeInterfacesObserver>(observer);
        }
    }

    private async Task SyncLoopAsync(INodeGrain node, INodeInterfacesObserver observer, CancellationToken cancellationToken)
    {
        var subscribeAt = clock.GetUtcNow();
        var readAt = subscribeAt;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            try
            {
                if (now >= subscribeAt)
                {
                    await node.Subscribe(observer);
                    subscribeAt = now + settings.SubscriptionRefresh;
                }

                if (now >= readAt)
                {
                    var desired = await node.GetDesiredInterfaces();
                    status.Read();
                    _mailbox.Offer(desired);
                    readAt = now + settings.ResyncInterval;
                }

                if (failures > 0)
                {
                    LogLinked(settings.NodeKey);
                }

                failures = 0;
                status.Up();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Pushes sent while the silos were out of reach are lost: subscribe and read again once back.
                failures++;
                status.Down(ex.Message);
                LogUnreachable(settings.NodeKey, ConnectBackoff.After(failures).TotalSeconds, ex);
                subscribeAt = readAt = now + ConnectBackoff.After(failures);
            }

            var wait = (subscribeAt < readAt ? subscribeAt : readAt) - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Applies desired sets until the agent stops. Nothing an apply throws ends it; if it ends anyway, the status says
    /// so and /healthz turns unhealthy, so that the kubelet restarts an agent that would otherwise only look alive.
    /// </summary>
    private async Task ApplyLoopAsync(INodeGrain node, CancellationToken cancellationToken)
    {
        try
        {
            await ApplyEachAsync(node, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            status.ApplyLoopStopped(ex.Message);
            LogApplyLoopStopped(ex);
        }
    }

    private async Task ApplyEachAsync(INodeGrain node, CancellationToken cancellationToken)
    {
        CancellationTokenSource? watch = null;
        var watching = Task.CompletedTask;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var desired = await _mailbox.TakeAsync(cancellationToken);
                if (watch is not null)
                {
                    await watch.CancelAsync();
                    await watching;
                    watch.Dispose();
                    watch = null;
                }

                var report = await ApplyAsync(desired, cancellationToken);
                await ReportAsync(node, report, cancellationToken);
                Volatile.Write(ref _reported, report);
                var missing = report.Interfaces
                    .Where(i => i.Error is not null && i.Name is null && i.Driver is null)
                    .Select(i => i.MacAddress.Replace('-', ':'))
                    .ToHashSet(StringComparer.OrdinalIgnoreCase);
                if (missing.Count > 0)
                {
                    watch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    watching = ApplyAgainWhenAnyAppearsAsync(missing, watch.Token);
                }
            }
        }
        finally
        {
            if (watch is not null)
            {
                await watch.CancelAsync();
                await watching;
                watch.Dispose();
            }
        }
    }

    private async Task<NodeInterfaceReport> ApplyAsync(DesiredInterfaceSet desired, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        NodeInterfaceReport report;
        try
        {
            report = await applier.ApplyAsync(desired, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever broke (a timeout's OperationCanceledException included), the NodeGrain hears of it per
            // interface and the next resync tries again: only the agent's own stop ends the loop.
            LogApplyFailed(ex);
            report = new NodeInterfaceReport([.. desired.Interfaces.Select(i => new ObservedInterface(i.EniId, i.MacAddress, null, i.Dpdk?.PciAddress, false, null, null, $"The apply failed: {ex.Message}"))]);
        }

        metrics.Applied(report, Stopwatch.GetElapsedTime(started));
        LogApplied(desired.Interfaces.Count, report.Interfaces.Count(i => i.Error is null));
        return report;
    }

    private async Task ReportAsync(INodeGrain node, NodeInterfaceReport report, CancellationToken cancellationToken)
    {
        try
        {
            await node.Report(report);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The next resync applies and reports again.
            status.Down(ex.Message);
            LogReportFailed(settings.NodeKey, ex);
        }
    }

    private async Task ApplyAgainWhenAnyAppearsAsync(HashSet<string> macAddresses, CancellationToken cancellationToken)
    {
        var appeared = monitor.WaitForAsync(l => macAddresses.Contains(l.MacAddress), cancellationToken);
        await ((Task)appeared).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (appeared.IsCompletedSuccessfully)
        {
            var link = await appeared;
            LogAppeared(link.Name, link.MacAddress);
            _mailbox.Again();
        }
    }

    /// <summary>
    /// Pods come and go between applies: the plugin's store is read on a period, and a use that differs from the last
    /// report has the set applied and reported again. Reading fails only when the apply would too, which reports it.
    /// </summary>
    private async Task WatchAddressUseAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(settings.AddressUseInterval, clock, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                if (Volatile.Read(ref _reported)?.Interfaces.Any(i => i is { Name: { } name, Addresses: { } used } && podAddresses.ReadUsage(name) != used) == true)
                {
                    _mailbox.Again();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogAddressUseUnreadable(ex.Message);
            }
        }
    }

    private async Task UnsubscribeAsync(INodeGrain node, INodeInterfacesObserver observer)
    {
        try
        {
            await node.Unsubscribe(observer).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The grain forgets the subscription on its own after five minutes.
            LogUnsubscribeFailed(settings.NodeKey, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Linked to NodeGrain {Node} again")]
    private partial void LogLinked(string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeGrain {Node} is out of reach; trying again in {Seconds} s")]
    private partial void LogUnreachable(string node, double seconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The apply failed before reaching every interface")]
    private partial void LogApplyFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The apply loop stopped; /healthz reports unhealthy until the agent restarts")]
    private partial void LogApplyLoopStopped(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied a desired set of {Desired} interface(s); {Converged} reached their desired state")]
    private partial void LogApplied(int desired, int converged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report to NodeGrain {Node}")]
    private partial void LogReportFailed(string node, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Interface {Name} with MAC {MacAddress} appeared; applying again")]
    private partial void LogAppeared(string name, string macAddress);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not unsubscribe from NodeGrain {Node}: {Error}")]
    private partial void LogUnsubscribeFailed(string node, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read pod-address use: {Error}")]
    private partial void LogAddressUseUnreadable(string error);
}
