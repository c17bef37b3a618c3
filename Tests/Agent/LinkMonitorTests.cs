using AwsMultiEni.Agent.Hosting;
using AwsMultiEni.Agent.Netlink;
using AwsMultiEni.Tests.Engine;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// The link monitor outlives a failed socket, on the real kernel: the test closes the notification socket it handed
/// the monitor (the fault), and a veth created afterwards in the namespace must still be announced through the
/// socket the monitor opened in its place. A socket that cannot be replaced stops the monitor for good, which
/// /healthz reports.
/// </summary>
public sealed class LinkMonitorTests : IAsyncLifetime
{
    private static readonly LinkMonitorRecovery Quick = new(2, _ => TimeSpan.FromMilliseconds(20));

    private readonly LogCapture _logs = new();
    private NetworkNamespace _network = null!;
    private RouteNetlink _netlink = null!;
    private int _reopened;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _network = await NetworkNamespace.CreateAsync();
        _netlink = new RouteNetlink(await _network.OpenNetlinkAsync());
    }

    // Null-safe: a failed InitializeAsync still gets here, and must not leave the namespace behind.
    public async ValueTask DisposeAsync()
    {
        _netlink?.Dispose();
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_failed_socket_is_replaced_and_a_link_created_afterwards_is_still_announced()
    {
        var first = await _network.OpenNetlinkAsync(NetlinkSocket.LinkGroup);
        await using var monitor = LinkMonitor.Start(first, ReopenInNamespaceAsync, _netlink, _logs.For("agent").CreateLogger("LinkMonitor"), Quick);
        var announced = monitor.WaitForAsync(l => l.Name == "late", Cancel);

        first.Dispose();
        await Poll.UntilAsync(() => Volatile.Read(ref _reopened) == 1, TimeSpan.FromSeconds(10), "the monitor to open a new socket");
        await _network.AddVethAsync("late", "02:1e:00:00:05:01");

        var link = await announced.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        Assert.Equal((await _network.LinkByNameAsync("late"))!.Index, link.Index);
        Assert.Equal(["agent"], _logs.SilosThatSaid("Link notifications failed; opening a new socket"));
        Assert.Null(monitor.Failure);
        Assert.Equal(HealthStatus.Healthy, (await new LinkMonitorHealthCheck(monitor).CheckHealthAsync(new HealthCheckContext(), Cancel)).Status);
    }

    [Fact]
    public async Task A_socket_that_cannot_be_replaced_stops_the_monitor_and_health_says_unhealthy()
    {
        var first = await _network.OpenNetlinkAsync(NetlinkSocket.LinkGroup);
        await using var monitor = LinkMonitor.Start(
            first,
            _ => throw new NetlinkException(24, "socket(AF_NETLINK)", null),
            _netlink,
            _logs.For("agent").CreateLogger("LinkMonitor"),
            Quick);

        first.Dispose();
        await Poll.UntilAsync(() => monitor.Failure is not null, TimeSpan.FromSeconds(10), "the monitor to give up");

        var health = await new LinkMonitorHealthCheck(monitor).CheckHealthAsync(new HealthCheckContext(), Cancel);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("failed 2 times in a row, last: EMFILE: socket(AF_NETLINK) failed", health.Description, StringComparison.Ordinal);
        Assert.Equal(["agent"], _logs.SilosThatSaid("the link monitor stopped"));
    }

    private async Task<NetlinkSocket> ReopenInNamespaceAsync(CancellationToken cancellationToken)
    {
        var socket = await _network.OpenNetlinkAsync(NetlinkSocket.LinkGroup);
        Interlocked.Increment(ref _reopened);
        return socket;
    }
}
