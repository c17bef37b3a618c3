using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// The DPDK part of an ENI's status: what the plan asks for until the node's agent reports the ENI,
/// then what the agent saw. <c>dpdkBound</c> is true only once the device sits on the wanted driver.
/// </summary>
internal static class NodeObservation
{
    public static EniAttachmentStatus Apply(EniAttachmentStatus status, InterfaceSettings? wanted, ObservedInterface? seen)
    {
        if (wanted is not { Dpdk: true })
        {
            return status;
        }

        var driver = wanted.DpdkDriver ?? NodeEniSpec.DefaultDpdkDriver;
        return status with
        {
            DpdkBound = seen is { Error: null } && seen.Driver == driver,
            DpdkDriver = seen?.Driver ?? driver,
            DpdkPciAddress = seen?.PciAddress ?? wanted.DpdkPciAddress,
        };
    }
}
