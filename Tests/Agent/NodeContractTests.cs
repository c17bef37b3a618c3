using System.Text.Json;
using AwsMultiEni.Abstractions.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace AwsMultiEni.Tests.Agent;

/// <summary>The desired set and the report: the README's JSON, and Orleans serialization for the NodeGrain.</summary>
public sealed class NodeContractTests
{
    private const string DesiredJson = """
        {"interfaces": [
          {"eniId": "eni-0123", "macAddress": "02:ab:cd:ef:01:02", "deviceIndex": 2, "mtu": 9001, "interfaceName": "multus0",
           "dpdk": {"driver": "vfio-pci", "resourceName": "intel.com/sriov_ena", "pciAddress": "0000:00:06.0"}},
          {"eniId": "eni-0456", "macAddress": "02:ab:cd:ef:01:03", "deviceIndex": 3, "mtu": 1500}
        ]}
        """;

    private static readonly DesiredInterfaceSet Desired = new([
        new DesiredInterface("eni-0123", "02:ab:cd:ef:01:02", 2, 9001, "multus0", new DpdkBinding("vfio-pci", "intel.com/sriov_ena", "0000:00:06.0")),
        new DesiredInterface("eni-0456", "02:ab:cd:ef:01:03", 3, 1500),
    ]);

    private static readonly NodeInterfaceReport Report = new([
        new ObservedInterface("eni-0123", "02:ab:cd:ef:01:02", null, "0000:00:06.0", false, null, "vfio-pci", null),
        new ObservedInterface("eni-0456", "02:ab:cd:ef:01:03", "ens7", "0000:00:07.0", true, 1500, "ena", null),
    ]);

    [Fact]
    public void The_desired_file_format_reads_into_the_contract_and_writes_back_without_absent_options()
    {
        var desired = JsonSerializer.Deserialize<DesiredInterfaceSet>(DesiredJson, NodeJson.Options)!;

        Assert.Equal(Desired.Interfaces, desired.Interfaces);
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(desired, NodeJson.Options));
        var second = written.RootElement.GetProperty("interfaces")[1];
        Assert.Equal(["eniId", "macAddress", "deviceIndex", "mtu"], second.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void The_report_carries_every_field_in_camel_case()
    {
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(Report, NodeJson.Options));

        Assert.Equal(["interfaces"], written.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["eniId", "macAddress", "name", "pciAddress", "up", "mtu", "driver", "error"],
            written.RootElement.GetProperty("interfaces")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Both_contracts_survive_the_orleans_serializer()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        Assert.Equal(Desired.Interfaces, serializer.Deserialize<DesiredInterfaceSet>(serializer.SerializeToArray(Desired))!.Interfaces);
        Assert.Equal(Report.Interfaces, serializer.Deserialize<NodeInterfaceReport>(serializer.SerializeToArray(Report))!.Interfaces);
    }
}
