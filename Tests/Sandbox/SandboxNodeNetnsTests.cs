using System.Text.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Sandbox.Kubernetes;
using Microsoft.Playwright;

namespace AwsMultiEni.Tests.Sandbox;

/// <summary>
/// <c>Sandbox --node-netns</c> end to end: a NodeENI applied with kubectl becomes, on each selected node, a link in the
/// node's own network namespace that the real agent renamed, set to the NodeENI's MTU and brought up, judged with
/// <c>ip -n NODE -j link</c>; the agent's report reaches the NodeENI's status and the dashboard; deleting the NodeENI
/// takes the link away again; and SIGTERM removes every namespace.
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
        await File.WriteAllTextAsync(file, example + $"  interfaceName: multus0\n  mtu: {Mtu}\n", TestContext.Current.CancellationToken);
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

    private static async Task<(int Mtu, bool Up)?> LinkAsync(string netns, string name)
    {
        using var links = JsonDocument.Parse(await CommandRun.RequireAsync("ip", "-n", netns, "-j", "link", "show"));
        return links.RootElement.EnumerateArray().Where(l => l.GetProperty("ifname").GetString() == name)
            .Select(l => ((int Mtu, bool Up)?)(l.GetProperty("mtu").GetInt32(), l.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP")))
            .FirstOrDefault();
    }
}
