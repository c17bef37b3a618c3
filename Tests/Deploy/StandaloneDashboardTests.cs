using System.Globalization;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>
/// The standalone dashboard as its Deployment runs it: its own process, pointed at the silos' gateways by the Orleans
/// keys, the address a DNS name (the headless Service's in Kubernetes) resolved as the gateway list refreshes.
/// </summary>
public sealed class StandaloneDashboardTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Dashboard_started_before_any_silo_waits_for_the_gateways_its_dns_name_resolves_to_and_shows_that_silo()
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var dashboardUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var ids = new Dictionary<string, string>
        {
            ["Orleans__ClusterId"] = "deploy-sidecar",
            ["Orleans__ServiceId"] = "deploy-sidecar-service",
            ["Orleans__Endpoints__GatewayPort"] = gatewayPort,
        };

        await using var dashboard = ChildProcess.StartDotnet(
            RepoPaths.ProjectDll("Dashboard", "AwsMultiEni.Dashboard"),
            [],
            new Dictionary<string, string>(ids) { ["Orleans__GatewayAddress"] = "localhost", ["ASPNETCORE_URLS"] = dashboardUrl });
        await using var silo = ChildProcess.StartDotnet(
            RepoPaths.ProjectDll("Silo", "AwsMultiEni.Silo"),
            [],
            new Dictionary<string, string>(ids)
            {
                ["Orleans__Endpoints__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["AWS_REGION"] = "us-east-1",
                ["AWS_ACCESS_KEY_ID"] = "test",
                ["AWS_SECRET_ACCESS_KEY"] = "test",
            });

        var page = await Poll.ForValueAsync(
            async () =>
            {
                Assert.False(dashboard.HasExited, $"The dashboard exited:\n{dashboard.Output}");
                Assert.False(silo.HasExited, $"The silo exited:\n{silo.Output}");
                var html = await TryGetAsync(new Uri(dashboardUrl + "/"));
                return html?.Contains($"127.0.0.1:{siloPort}:", StringComparison.Ordinal) == true ? html : null;
            },
            TimeSpan.FromSeconds(90),
            "the dashboard listing the silo");

        Assert.Contains("Active", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Cannot reach the silo set", page, StringComparison.Ordinal);
        Assert.Equal("Healthy", await TryGetAsync(new Uri(dashboardUrl + "/healthz")));
    }

    private static async Task<string?> TryGetAsync(Uri uri)
    {
        try
        {
            using var response = await Http.GetAsync(uri, TestContext.Current.CancellationToken);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
