using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.Nodes;

/// <summary>
/// One ENI as the node must see it. The agent finds its Linux interface by
/// <see cref="MacAddress"/>, never from <see cref="DeviceIndex"/>, which is carried only for reports.
/// <see cref="Addressing"/>, when the NodeENI asks for pod IPs, is what the agent hands the node's IPAM plugin.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DesiredInterface(
    [property: Id(0)] string EniId,
    [property: Id(1)] string MacAddress,
    [property: Id(2)] int DeviceIndex,
    [property: Id(3)] int Mtu,
    [property: Id(4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InterfaceName = null,
    [property: Id(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DpdkBinding? Dpdk = null,
    [property: Id(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] InterfaceAddressing? Addressing = null);
