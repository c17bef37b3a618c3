using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AwsMultiEni.Tests.Sandbox;

/// <summary>
/// The quick start's first command: the Sandbox comes up with its emulators seeded, two clusters whose Nodes
/// are EC2 instances, says where everything listens, turns kubectl-applied NodeENIs into attached ENIs in both
/// clusters, shows them on the dashboard and stops cleanly.
/// </summary>
public sealed class SandboxRunTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private const int Nodes = 3;

    // The by-name example lists subnets in the first two of the three zones the nodes are spread over.
    private const int NodesInZonesWithSubnet = 2;
    private readonly SandboxProcess _sandbox = SandboxProcess.Start("--nodes", "3");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Comes_up_seeded_with_two_clusters_serves_the_dashboard_and_stops_on_sigterm()
    {
        var manifest = await _sandbox.WaitForManifestAsync();
        Assert.Equal($"http://127.0.0.1:{_sandbox.DashboardPort}/", manifest.DashboardUrl);
        Assert.Equal("us-east-1", manifest.Region);
        Assert.Equal(["sandbox-1", "sandbox-2"], manifest.Clusters.Select(c => c.Name));
        Assert.All(manifest.Clusters, c => Assert.True(File.Exists(c.Kubeconfig), c.Kubeconfig));
        await _sandbox.WaitForOutputAsync($"Dashboard:  {manifest.DashboardUrl}");
        await _sandbox.WaitForOutputAsync($"EC2:        {manifest.Ec2Endpoint} (region us-east-1, emulator)");
        foreach (var cluster in manifest.Clusters)
        {
            await _sandbox.WaitForOutputAsync($"kubectl --kubeconfig {cluster.Kubeconfig} apply -f deploy/examples/nodeeni-by-name.yaml");
        }

        await SandboxWorldAssertions.NodesMatchInstancesAsync(manifest, Nodes, Path.Combine(_sandbox.StateDir, "kubectl-cache"));
        await SandboxWorldAssertions.ExampleNamesExistAsync(manifest);
        var eniIds = await SandboxWorldAssertions.ByNameExampleAttachesEnisAsync(manifest, NodesInZonesWithSubnet, Path.Combine(_sandbox.StateDir, "kubectl-cache"));
        await SandboxWorldAssertions.EachEniCreatedOnceAndNoneReleasedAsync(manifest, eniIds);
        await SandboxWorldAssertions.ExamplesApplyAsync(manifest.Clusters[1], _sandbox.StateDir, Path.Combine(_sandbox.StateDir, "kubectl-cache"));
        Assert.DoesNotContain("subnet-0a1b2c3d4e5f6", await File.ReadAllTextAsync(Path.Combine(_sandbox.StateDir, "examples", "nodeeni-multi-az.yaml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using (var http = new HttpClient())
        {
            var metrics = await http.GetStringAsync(new Uri(new Uri(manifest.DashboardUrl), "metrics"), TestContext.Current.CancellationToken);
            Assert.Contains("ec2_calls", metrics, StringComparison.Ordinal);
            Assert.Contains("CreateNetworkInterface", metrics, StringComparison.Ordinal);
            Assert.Contains("rest_client_requests_total", metrics, StringComparison.Ordinal);
        }

        var page = await chromium.Browser.NewPageAsync();
        var stylesheet = page.WaitForResponseAsync(r => r.Url.Contains("dashboard", StringComparison.Ordinal) && r.Url.EndsWith(".css", StringComparison.Ordinal));
        await page.GotoAsync(manifest.DashboardUrl);
        Assert.Equal(200, (await stylesheet).Status);
        await Assertions.Expect(page.GetByTestId("silos")).ToContainTextAsync("Active", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Fleet");
        await Assertions.Expect(page.GetByTestId("fleet-clusters")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        foreach (var eniId in eniIds)
        {
            await Assertions.Expect(page.GetByTestId("fleet-attachments")).ToContainTextAsync(eniId, new() { Timeout = 30_000 });
        }

        await page.GotoAsync(manifest.DashboardUrl + "attachments/sandbox-1/multus-eni-by-name/ip-10-0-16-4.ec2.internal");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Attachment history");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("node ip-10-0-16-4.ec2.internal");

        Assert.Equal(0, await _sandbox.Process.TerminateAsync(TimeSpan.FromSeconds(30)));
    }

    // Null-safe: a failed InitializeAsync still gets here.
    public ValueTask DisposeAsync() => _sandbox?.DisposeAsync() ?? ValueTask.CompletedTask;
}
