using System.Text.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Tests.Agent;

namespace AwsMultiEni.Tests.Ipam;

/// <summary>
/// The reference macvlan plugin (Debian containernetworking-plugins) as the main plugin, with awsmultieni-ipam as its
/// IPAM, in network namespaces of the test's own: a "node" with the master link <c>multus0</c> and a "pod". ipvlan is
/// what the NAD example uses, but this kernel has no ipvlan; the IPAM side is the same for both.
/// </summary>
public sealed class MacvlanIpamTests : IDisposable
{
    private const string Macvlan = "/usr/lib/cni/macvlan";

    private readonly IpamDataDir _data = new();

    [Fact]
    public async Task The_pod_gets_an_address_of_the_prefix_with_the_subnets_length_and_routes_via_the_gateway_checks_and_is_freed_by_del()
    {
        await using var node = await NetworkNamespace.CreateAsync();
        await using var pod = await NetworkNamespace.CreateAsync();
        await node.AddVethAsync(IpamDataDir.Interface, "02:00:00:00:17:01");
        await node.IpAsync("link", "set", IpamDataDir.Interface, "up");
        _data.WriteRanges("""[{"cidr":"10.0.1.9/32","draining":true},{"cidr":"10.0.1.16/28"}]""");
        var config = _data.Config(cniVersion: "1.0.0");

        var added = (await RunMacvlanAsync("ADD", node, pod, config)).Succeeded();
        var addresses = await pod.IpAsync("-j", "addr", "show", "dev", "eth0");
        var routes = await pod.IpAsync("-j", "route", "show", "dev", "eth0");
        var prevResult = JsonNode.Parse(config)!;
        prevResult["prevResult"] = added.Json;
        var check = await RunMacvlanAsync("CHECK", node, pod, prevResult.ToJsonString());
        var del = await RunMacvlanAsync("DEL", node, pod, config);

        var inet = JsonDocument.Parse(addresses).RootElement[0].GetProperty("addr_info").EnumerateArray()
            .Single(a => a.GetProperty("family").GetString() == "inet");
        Assert.Equal(("10.0.1.16", 24), (inet.GetProperty("local").GetString(), inet.GetProperty("prefixlen").GetInt32()));
        var gatewayRoutes = JsonDocument.Parse(routes).RootElement.EnumerateArray()
            .Where(r => r.TryGetProperty("gateway", out _))
            .Select(r => (r.GetProperty("dst").GetString(), r.GetProperty("gateway").GetString()))
            .ToList();
        Assert.Equal([("10.0.0.0/16", "10.0.1.1")], gatewayRoutes);
        check.Succeeded();
        del.Succeeded();
        Assert.Empty(_data.Allocations());
        Assert.Null(await pod.LinkByNameAsync("eth0"));
    }

    public void Dispose() => _data.Dispose();

    /// <summary>macvlan runs in the node's namespace, as a runtime on that node would run it, and finds the IPAM plugin on CNI_PATH.</summary>
    private static Task<CniOutcome> RunMacvlanAsync(string command, NetworkNamespace node, NetworkNamespace pod, string config) =>
        IpamPlugin.RunAsync("ip", ["netns", "exec", node.Name, Macvlan], new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = "pod-a",
            ["CNI_NETNS"] = $"/run/netns/{pod.Name}",
            ["CNI_IFNAME"] = "eth0",
            ["CNI_PATH"] = IpamPlugin.Directory,
        }, config);
}
