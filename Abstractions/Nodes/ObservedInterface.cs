using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.Nodes;

/// <summary>
/// One ENI as the node shows it. <see cref="Name"/> and <see cref="Mtu"/> are null while the device
/// is bound to a userspace driver (it then has no Linux interface); <see cref="Error"/> is null only
/// when the ENI reached its desired state. <see cref="Addresses"/> is the pod-IP use, for an ENI that carries pod IPs.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ObservedInterface(
    [property: Id(0)] string EniId,
    [property: Id(1)] string MacAddress,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? PciAddress,
    [property: Id(4)] bool Up,
    [property: Id(5)] int? Mtu,
    [property: Id(6)] string? Driver,
    [property: Id(7)] string? Error,
    [property: Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AddressUsage? Addresses = null);
