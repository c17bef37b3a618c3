using AwsMultiEni.Agent.Netlink;
using AwsMultiEni.Agent.Pci;

namespace AwsMultiEni.Agent.Interfaces;

/// <summary>
/// An interface is in use when the main table's default route leaves through it or it holds an address beyond link
/// scope: dpdk-devbind refuses to rebind such an "active" interface, and so does the agent, whatever the desired set
/// says, since an address someone configured means traffic (an SSH session, a service, policy routes) goes through it.
/// </summary>
public sealed class InterfaceUsage(RouteNetlink netlink) : IInterfaceUsage
{
    public async Task<string?> InUseAsync(string interfaceName, CancellationToken cancellationToken)
    {
        if ((await netlink.DumpLinksAsync(cancellationToken)).FirstOrDefault(l => l.Name == interfaceName) is not { } link)
        {
            return null;
        }

        if ((await netlink.DefaultRouteLinksAsync(cancellationToken)).Contains(link.Index))
        {
            return "carries the node's default route";
        }

        var addresses = (await netlink.DumpAddressesAsync(cancellationToken)).Where(a => a.LinkIndex == link.Index && a.InUse).ToList();
        return addresses.Count == 0 ? null : $"holds {string.Join(", ", addresses)}";
    }
}
