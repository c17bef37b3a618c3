using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Agent.Netlink;

namespace AwsMultiEni.Agent.Interfaces;

/// <summary>
/// The node's primary interface carries the node's own traffic (the kubelet, the VPC CNI): renaming it, changing its
/// MTU, taking it down or binding its device to DPDK would take the node off the network. It is known three ways, any
/// of which refuses an entry: device index 0, the instance's primary MAC from instance metadata, and the link the main
/// table's default route leaves through.
/// </summary>
public sealed class PrimaryInterfaceGuard(RouteNetlink netlink, InstanceMetadata metadata)
{
    /// <summary>Refuses an entry the desired set itself marks as the primary ENI, before any interface is looked for.</summary>
    public async Task RefuseNamedPrimaryAsync(DesiredInterface desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (desired.DeviceIndex == 0)
        {
            throw new PrimaryInterfaceException($"{desired.EniId} is at device index 0, the node's primary interface; the agent never changes it.");
        }

        var mac = MacAddressText.Normalize(desired.MacAddress);
        if (await metadata.PrimaryMacAsync(cancellationToken) == mac)
        {
            throw new PrimaryInterfaceException($"{desired.EniId}'s MAC {mac} is the instance's primary MAC (instance metadata), the node's primary interface; the agent never changes it.");
        }
    }

    /// <summary>Refuses the link the main table's default route leaves through, as dpdk-devbind refuses an active interface.</summary>
    public async Task RefuseDefaultRouteLinkAsync(Link link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        if ((await netlink.DefaultRouteLinksAsync(cancellationToken)).Contains(link.Index))
        {
            throw new PrimaryInterfaceException($"{link.Name} (MAC {link.MacAddress}) carries the node's default route, so it is the primary interface; the agent never changes it.");
        }
    }
}
