using System.Net;
using System.Text.Json.Nodes;
using AwsMultiEni.Agent.SiloLink;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Tests.Engine;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Ipam;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// The pod-IP path on one simulated node, end to end: the fleet creates the ENI with its /28, the agent writes the
/// ranges for the real awsmultieni-ipam, pods get addresses from the prefix by exec'ing the plugin as a runtime does,
/// the agent reports the use, and the fleet grows a prefix, then drains and returns it as the pods go. EC2's call log
/// counts one call per prefix grown or returned and none per pod.
/// </summary>
public sealed partial class NodeLinkTests
{
    private string RangesPath => Path.Combine(_agent.IpamDataDir, "multus0", "ranges.json");

    [Fact]
    public async Task Pods_take_addresses_from_the_prefix_and_the_fleet_grows_and_returns_prefixes_with_no_ec2_call_per_pod()
    {
        _agent.StartLink(_world.Grains, new NodeLinkSettings(_world.ClusterName, Node.Name, TimeSpan.FromSeconds(2)) { AddressUseInterval = TimeSpan.FromMilliseconds(200) });
        var spec = _world.Spec(_world.Network.SubnetA.SubnetId);
        spec["interfaceName"] = "multus0";
        spec["ipv4PrefixCount"] = 1;
        spec["warmIPTarget"] = 4;
        await _world.CreateNodeEniAsync("pods", spec);
        await _agent.HotPlugAsync(_world, "pods", "ens6", Deadline);

        var first = Assert.Single(await RangesAsync(r => r.Count == 1, "the agent's ranges.json with the ENI's prefix"));
        var prefix = IPNetwork.Parse(first);

        // 14 pods: the 13th leaves 3 free, under the warm target of 4.
        var addresses = new List<IPAddress>();
        for (var pod = 0; pod < 14; pod++)
        {
            var result = (await IpamPlugin.RunAsync("ADD", Config(), $"pod-{pod}", "net1")).Succeeded();
            addresses.Add(IPAddress.Parse(((string)result.Json["ips"]![0]!["address"]!).Split('/')[0]));
        }

        Assert.Equal(14, addresses.Distinct().Count());
        Assert.All(addresses, a => Assert.True(prefix.Contains(a), $"{a} is not in {prefix}"));
        var grown = await RangesAsync(r => r.Count == 2, "a second prefix in ranges.json");
        Assert.Equal(first, grown[0]);
        Assert.Equal((1, 1), (_world.Ec2.Calls.Count("CreateNetworkInterface"), _world.Ec2.Calls.Count("AssignPrivateIpAddresses")));

        // Down to one pod: the idle second prefix drains through the agent's file, then goes back to EC2.
        for (var pod = 1; pod < 14; pod++)
        {
            (await IpamPlugin.RunAsync("DEL", Config(), $"pod-{pod}", "net1")).Succeeded();
        }

        await RangesAsync(r => r.SequenceEqual([first]), "ranges.json back to the first prefix");
        Assert.Equal((1, 1), (_world.Ec2.Calls.Count("AssignPrivateIpAddresses"), _world.Ec2.Calls.Count("UnassignPrivateIpAddresses")));
        await _world.DescribedEniAsync(Assert.Single(_world.EnisOf("pods")).NetworkInterfaceId, e => e.Ipv4Prefixes.Select(p => p.Ipv4Prefix).SequenceEqual([first]));
    }

    private string Config() => new JsonObject
    {
        ["cniVersion"] = "1.1.0",
        ["name"] = "multus-eni",
        ["type"] = "ipvlan",
        ["master"] = "multus0",
        ["ipam"] = new JsonObject { ["type"] = "awsmultieni-ipam", ["dataDir"] = _agent.IpamDataDir },
    }.ToJsonString();

    /// <summary>The IPv4 ranges in the agent's ranges.json once <paramref name="until"/> holds.</summary>
    private Task<List<string>> RangesAsync(Func<List<string>, bool> until, string what) =>
        Poll.ForValueAsync(
            async () =>
            {
                if (!File.Exists(RangesPath))
                {
                    return null;
                }

                var ranges = JsonNode.Parse(await File.ReadAllTextAsync(RangesPath, TestContext.Current.CancellationToken))!["ipv4"]!["ranges"]!.AsArray()
                    .Select(r => (string)r!["cidr"]!)
                    .ToList();
                return until(ranges) ? ranges : null;
            },
            Deadline,
            what);
}
