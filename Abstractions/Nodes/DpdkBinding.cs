namespace AwsMultiEni.Abstractions.Nodes;

/// <summary>
/// Hand the ENI's PCI device to a userspace driver instead of the kernel's <c>ena</c>.
/// <see cref="ResourceName"/> is the SR-IOV device plugin resource, <c>prefix/name</c>
/// (for example <c>intel.com/sriov_ena</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DpdkBinding(
    [property: Id(0)] string Driver,
    [property: Id(1)] string ResourceName,
    [property: Id(2)] string PciAddress);
