using AwsMultiEni.Agent.Netlink;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Agent;

/// <summary>The agent's request socket and link monitor, both opened inside a test namespace.</summary>
internal sealed class NamespacedNetlink : IAsyncDisposable
{
    private NamespacedNetlink(RouteNetlink netlink, LinkMonitor monitor)
    {
        Netlink = netlink;
        Monitor = monitor;
    }

    public RouteNetlink Netlink { get; }

    public LinkMonitor Monitor { get; }

    public static async Task<NamespacedNetlink> OpenAsync(NetworkNamespace network)
    {
        var netlink = new RouteNetlink(await network.OpenNetlinkAsync());
        var monitor = LinkMonitor.Start(await network.OpenNetlinkAsync(NetlinkSocket.LinkGroup), _ => network.OpenNetlinkAsync(NetlinkSocket.LinkGroup), netlink, NullLogger.Instance);
        return new NamespacedNetlink(netlink, monitor);
    }

    public async ValueTask DisposeAsync()
    {
        await Monitor.DisposeAsync();
        Netlink.Dispose();
    }
}
