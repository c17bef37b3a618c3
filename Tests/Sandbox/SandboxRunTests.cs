using System.Text.Json;
using AwsMultiEni.Sandbox;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AwsMultiEni.Tests.Sandbox;

/// <summary>The quick start's first command: the Sandbox comes up, says where it listens, shows the dashboard and stops cleanly.</summary>
public sealed class SandboxRunTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly DirectoryInfo _stateDir = Directory.CreateTempSubdirectory("sandbox-run-");
    private readonly int _dashboardPort = FreePort.Next();
    private ChildProcess? _sandbox;

    public ValueTask InitializeAsync()
    {
        _sandbox = ChildProcess.StartDotnet(
            RepoPaths.ProjectDll("Sandbox", "AwsMultiEni.Sandbox"),
            ["--dashboard-port", _dashboardPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--state-dir", _stateDir.FullName],
            new Dictionary<string, string>
            {
                ["Orleans__Endpoints__SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans__Endpoints__GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Prints_its_addresses_writes_the_manifest_and_serves_the_dashboard()
    {
        var manifestPath = Path.Combine(_stateDir.FullName, "sandbox.json");
        await Poll.UntilAsync(() => _sandbox!.HasExited ? throw new InvalidOperationException(_sandbox.Output) : File.Exists(manifestPath), StartTimeout, "sandbox.json");
        var manifest = JsonSerializer.Deserialize<SandboxManifest>(await File.ReadAllTextAsync(manifestPath, TestContext.Current.CancellationToken), SandboxManifest.JsonOptions)!;
        Assert.Equal($"http://127.0.0.1:{_dashboardPort}/", manifest.DashboardUrl);
        await Poll.UntilAsync(() => _sandbox!.Output.Contains($"Dashboard:  {manifest.DashboardUrl}", StringComparison.Ordinal), StartTimeout, "the dashboard URL on stdout");

        var page = await chromium.Browser.NewPageAsync();
        var stylesheet = page.WaitForResponseAsync(r => r.Url.Contains("dashboard", StringComparison.Ordinal) && r.Url.EndsWith(".css", StringComparison.Ordinal));
        await page.GotoAsync(manifest.DashboardUrl);
        Assert.Equal(200, (await stylesheet).Status);
        var silos = page.GetByTestId("silos");
        await Assertions.Expect(silos).ToContainTextAsync("Active", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Fleet");

        Assert.Equal(0, await _sandbox!.TerminateAsync(TimeSpan.FromSeconds(30)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        _stateDir.Delete(recursive: true);
    }
}
