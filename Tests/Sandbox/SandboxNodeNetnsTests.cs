using System.Text.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Sandbox.Kubernetes;
using Microsoft.Playwright;

namespace AwsMultiEni.Tests.Sandbox;

/// <summary>
/// <c>Sandbox --node-netns</c> end to end: a NodeENI applied with kubectl becomes, on each selected node, a link in the
/// node's own network namespace that the real agent renamed, set to the NodeENI's MTU and brought up, judged with
/// <c>ip -n NODE -j link</c>; the agent's report reaches the NodeENI's status and the dashboard; the NodeENI's /28
/// gives a pod its address through the node's <c>awsmultieni-ipam</c> (the NAD example's path, with the reference
/// macvlan plugin, since this kernel has no ipvlan); deleting the NodeENI takes the link away again; and SIGTERM
/// removes every namespace.
/// </summary>
public sealed class SandboxNodeNetnsTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private const int Mtu = 8000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly SandboxProcess _sandbox = SandboxProcess.Start("--clusters", "1", "--nodes", "3", "--node-netns");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_nodeeni_applied_with_kubectl_is_configured_by_each_nodes_agent_in_its_namespace()
    {
        var manifest = await _sandbox.WaitForManifestAsync();
        var cluster = Assert.Single(manifest.Clusters);
        Assert.Equal(3, cluster.Nodes.Count);
        var namespaces = (await CommandRun.RequireAsync("ip", "netns", "list")).Split('\n').Select(l => l.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.All(cluster.Nodes, n => Assert.Contains(n.Netns!, namespaces));
        await _sandbox.WaitForOutputAsync($"  ip -n {cluster.Nodes[0].Netns} link");

        var kubectl = new Kubectl(cluster.Kubeconfig, Path.Combine(_sandbox.StateDir, "kubectl-cache"));
        var file = Path.Combine(_sandbox.StateDir, "nodeeni-named.yaml");
        var example = await File.ReadAllTextAsync(RepositoryFiles.PathOf("deploy/examples/nodeeni-by-name.yaml"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(file, example + $"  interfaceName: multus0\n  mtu: {Mtu}\n  ipv4PrefixCount: 1\n", TestContext.Current.CancellationToken);
        (await kubectl.RunAsync("apply", "-f", file)).Succeeded();

        // Two of the three nodes lie in the zones the example lists subnets for.
        var attachments = await Poll.ForValueAsync(
            async () => JsonNode.Parse((await kubectl.RunAsync("get", "nodeeni", "multus-eni-by-name", "-o", "json")).Succeeded().Output)!["status"]?["attachments"]?.AsArray()
                is { Count: 2 } list && list.All(a => (bool?)a!["interfaceUp"] == true) ? list : null,
            Deadline,
            "both attachments reported up by their agents in status",
            Poll.ProcessInterval);
        foreach (var attachment in attachments)
        {
            Assert.Equal(("multus0", Mtu, (string?)null), ((string?)attachment!["interfaceName"], (int?)attachment["interfaceMtu"], (string?)attachment["interfaceError"]));
            var netns = cluster.Nodes.Single(n => n.Name == (string?)attachment["nodeID"]).Netns!;
            var link = await LinkAsync(netns, "multus0");
            Assert.NotNull(link);
            Assert.Equal((Mtu, true), (link.Value.Mtu, link.Value.Up));
        }

        await PodGetsAnAddressFromThePrefixAsync(kubectl, cluster.Nodes.Single(n => n.Name == (string?)attachments[0]!["nodeID"]));

        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(manifest.DashboardUrl);
        await Assertions.Expect(page.GetByTestId("fleet-attachments")).ToContainTextAsync($"multus0 up mtu {Mtu}", new() { Timeout = 30_000 });

        (await kubectl.RunAsync("delete", "nodeeni", "multus-eni-by-name", "--wait=false")).Succeeded();
        foreach (var attachment in attachments)
        {
            var netns = cluster.Nodes.Single(n => n.Name == (string?)attachment!["nodeID"]).Netns!;
            await Poll.UntilAsync(async () => await LinkAsync(netns, "multus0") is null, Deadline, $"multus0 to leave {netns} after the detach", Poll.ProcessInterval);
        }

        Assert.Equal(0, await _sandbox.Process.TerminateAsync(TimeSpan.FromSeconds(30)));
        var left = await CommandRun.RequireAsync("ip", "netns", "list");
        Assert.All(cluster.Nodes, n => Assert.DoesNotContain(n.Netns!, left, StringComparison.Ordinal));
    }

    // A test that failed half way still stops the Sandbox with SIGTERM first: killed, it would leave its node namespaces
    // behind, and the next Sandbox with --node-netns would refuse to start beside them.
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_sandbox.Process.HasExited)
            {
                await _sandbox.Process.TerminateAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            await _sandbox.DisposeAsync();
        }
    }

    /// <summary>
    /// A pod's network set up by hand on one node as its runtime would: the reference macvlan plugin on <c>multus0</c>,
    /// run in the node's namespace, with <c>awsmultieni-ipam</c> from the node's <c>cniBinDir</c> allocating from the
    /// ranges its agent wrote; the pod's address lies in the ENI's prefix, and the agent reports it in use.
    /// </summary>
    private static async Task PodGetsAnAddressFromThePrefixAsync(Kubectl kubectl, AwsMultiEni.Sandbox.SandboxNodeEntry node)
    {
        var ranges = Path.Combine(node.IpamDataDir!, "multus0", "ranges.json");
        var prefix = await Poll.ForValueAsync(
            () => Task.FromResult(File.Exists(ranges) ? (string?)JsonNode.Parse(File.ReadAllText(ranges))!["ipv4"]!["ranges"]![0]!["cidr"] : null),
            Deadline,
            "the agent's ranges.json with the ENI's prefix",
            Poll.ProcessInterval);
        var config = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "multus-eni",
            ["type"] = "macvlan",
            ["master"] = "multus0",
            ["mode"] = "bridge",
            ["ipam"] = new JsonObject { ["type"] = "awsmultieni-ipam", ["dataDir"] = node.IpamDataDir },
        }.ToJsonString();
        await using var pod = await AwsMultiEni.Tests.Agent.NetworkNamespace.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["CNI_CONTAINERID"] = "sandbox-pod",
            ["CNI_NETNS"] = $"/run/netns/{pod.Name}",
            ["CNI_IFNAME"] = "eth0",
            ["CNI_PATH"] = node.CniBinDir!,
        };
        (await CommandRun.RunAsync("ip", ["netns", "exec", node.Netns!, "/usr/lib/cni/macvlan"], new Dictionary<string, string>(environment) { ["CNI_COMMAND"] = "ADD" }, standardInput: config)).Succeeded();

        using var addresses = JsonDocument.Parse(await pod.IpAsync("-j", "addr", "show", "dev", "eth0"));
        var inet = addresses.RootElement[0].GetProperty("addr_info").EnumerateArray().Single(a => a.GetProperty("family").GetString() == "inet");
        Assert.True(System.Net.IPNetwork.Parse(prefix!).Contains(System.Net.IPAddress.Parse(inet.GetProperty("local").GetString()!)), $"{inet} is not in {prefix}");
        await Poll.UntilAsync(
            async () => JsonNode.Parse((await kubectl.RunAsync("get", "nodeeni", "multus-eni-by-name", "-o", "json")).Succeeded().Output)!["status"]!["attachments"]!.AsArray()
                .Any(a => (string?)a!["nodeID"] == node.Name && (int?)a["ipsInUse"] == 1 && a["ipv4Prefixes"]!.AsArray().Select(p => (string?)p).SequenceEqual([prefix])),
            Deadline,
            "the pod's address in use and the prefix in the NodeENI's status",
            Poll.ProcessInterval);
        (await CommandRun.RunAsync("ip", ["netns", "exec", node.Netns!, "/usr/lib/cni/macvlan"], new Dictionary<string, string>(environment) { ["CNI_COMMAND"] = "DEL" }, standardInput: config)).Succeeded();
    }

    private static async Task<(int Mtu, bool Up)?> LinkAsync(string netns, string name)
    {
        using var links = JsonDocument.Parse(await CommandRun.RequireAsync("ip", "-n", netns, "-j", "link", "show"));
        return links.RootElement.EnumerateArray().Where(l => l.GetProperty("ifname").GetString() == name)
            .Select(l => ((int Mtu, bool Up)?)(l.GetProperty("mtu").GetInt32(), l.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP")))
            .FirstOrDefault();
    }
}
