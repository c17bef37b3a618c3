using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// What the node's agent reported about an ENI, in its status entry: the interface's name, whether it is up, its MTU
/// any error, and the pod IPs its IPAM has in use. For DPDK, what the plan asks for until the agent reports the ENI, then what the agent saw;
/// <c>dpdkBound</c> is true only once the device sits on the wanted driver.
/// </summary>
internal static class NodeObservation
{
    public static EniAttachmentStatus Apply(EniAttachmentStatus status, InterfaceSettings? wanted, ObservedInterface? seen)
    {
        var reported = seen is null ? status : status with
        {
            InterfaceName = seen.Name,
            InterfaceUp = seen.Up,
            InterfaceMtu = seen.Mtu,
            InterfaceError = seen.Error is { Length: > EniAttachmentStatus.MaxInterfaceErrorLength } error ? error[..EniAttachmentStatus.MaxInterfaceErrorLength] : seen.Error,
            IpsInUse = seen.Addresses?.InUse,
        };
        if (wanted is not { Dpdk: true })
        {
            return reported;
        }

        var driver = wanted.DpdkDriver ?? NodeEniSpec.DefaultDpdkDriver;
        return reported with
        {
            DpdkBound = seen is { Error: null } && seen.Driver == driver,
            DpdkDriver = seen?.Driver ?? driver,
            DpdkPciAddress = seen?.PciAddress ?? wanted.DpdkPciAddress,
        };
    }
}
