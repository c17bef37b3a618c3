using System.Text.Json.Nodes;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Agent.PodAddresses;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// The agent's side of the IPAM contract on disk: a range the fleet drops stays in ranges.json, draining, while the
/// plugin's store still holds an address in it, and goes once that address is freed; an ENI no longer on the node
/// stops giving addresses, its file drained while pods hold addresses and removed after.
/// </summary>
public sealed class PodAddressFilesTests : IDisposable
{
    private const string Interface = "multus0";
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("awsmultieni-agent-ipam-");

    private PodAddressFiles Files => new(_data.FullName, NullLogger<PodAddressFiles>.Instance);

    private string Allocations => Path.Combine(_data.FullName, Interface, "allocations");

    [Fact]
    public async Task A_dropped_range_with_an_allocation_stays_draining_until_the_address_is_freed()
    {
        await Files.WriteAsync(Interface, "eni-1", Addressing("10.0.1.16/28", "10.0.1.32/28"), TestContext.Current.CancellationToken);
        Allocate("10.0.1.33");

        var usage = await Files.WriteAsync(Interface, "eni-1", Addressing("10.0.1.16/28"), TestContext.Current.CancellationToken);

        Assert.Equal([("10.0.1.16/28", false), ("10.0.1.32/28", true)], Ranges());
        Assert.Equal([new RangeUsage("10.0.1.16/28", 0, false), new RangeUsage("10.0.1.32/28", 1, true)], usage.Ranges);

        File.Delete(Path.Combine(Allocations, "10.0.1.33"));
        await Files.WriteAsync(Interface, "eni-1", Addressing("10.0.1.16/28"), TestContext.Current.CancellationToken);
        Assert.Equal([("10.0.1.16/28", false)], Ranges());
    }

    [Fact]
    public async Task An_eni_no_longer_desired_is_drained_while_pods_hold_addresses_and_removed_after()
    {
        await Files.WriteAsync(Interface, "eni-1", Addressing("10.0.1.16/28"), TestContext.Current.CancellationToken);
        Allocate("10.0.1.17");

        await Files.RetireOthersAsync(new HashSet<string>(), TestContext.Current.CancellationToken);
        Assert.Equal([("10.0.1.16/28", true)], Ranges());
        Assert.Equal(new AddressUsage([new RangeUsage("10.0.1.16/28", 1, true)]), Files.ReadUsage(Interface));

        File.Delete(Path.Combine(Allocations, "10.0.1.17"));
        await Files.RetireOthersAsync(new HashSet<string>(), TestContext.Current.CancellationToken);
        Assert.False(File.Exists(Path.Combine(_data.FullName, Interface, "ranges.json")));
        Assert.Null(Files.ReadUsage(Interface));
    }

    public void Dispose() => _data.Delete(recursive: true);

    private static InterfaceAddressing Addressing(params string[] ranges) =>
        new("10.0.1.0/24", "10.0.1.1", [.. ranges.Select(r => new AddressRange(r))]);

    private void Allocate(string address)
    {
        Directory.CreateDirectory(Allocations);
        File.WriteAllText(Path.Combine(Allocations, address), "pod-a\nnet1\n");
    }

    private List<(string Cidr, bool Draining)> Ranges() =>
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(_data.FullName, Interface, "ranges.json")))!["ipv4"]!["ranges"]!.AsArray()
            .Select(r => ((string)r!["cidr"]!, (bool?)r["draining"] ?? false))];
}
