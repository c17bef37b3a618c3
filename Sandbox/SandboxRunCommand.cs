using System.Text.Json;
using AwsMultiEni.Dashboard;
using AwsMultiEni.Sandbox.Cli;
using AwsMultiEni.Silo.Hosting;

namespace AwsMultiEni.Sandbox;

/// <summary>
/// The embedded default: the silo and the dashboard in one process, on loopback, with
/// localhost clustering and in-memory storage.
/// </summary>
internal static class SandboxRunCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = CommandArguments.Parse(args, "dashboard-port", "state-dir");
        var dashboardPort = options.Int("dashboard-port", 5080, 1, 65535);
        var stateDir = Path.GetFullPath(options.String("state-dir", ".sandbox"));
        Directory.CreateDirectory(stateDir);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls($"http://127.0.0.1:{dashboardPort}");
        // The addresses printed below are what a person needs; the hosts' start-up chatter is not.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        builder.AddFleetSilo();
        builder.Services.AddFleetDashboard();

        await using var app = builder.Build();
        app.MapFleetHealth();
        app.MapFleetDashboard();
        await app.StartAsync();

        var dashboardUrl = $"http://127.0.0.1:{dashboardPort}/";
        var manifest = new SandboxManifest(dashboardUrl, Ec2Endpoint: null, Region: null, Clusters: []);
        var manifestPath = Path.Combine(stateDir, "sandbox.json");
        await File.WriteAllTextAsync(manifestPath, JsonSerializer.Serialize(manifest, SandboxManifest.JsonOptions));

        Console.WriteLine($"Dashboard:  {dashboardUrl}");
        Console.WriteLine($"Silo:       127.0.0.1 (localhost clustering, in-memory storage)");
        Console.WriteLine($"Manifest:   {manifestPath}");
        Console.WriteLine("Press Ctrl-C to stop.");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
