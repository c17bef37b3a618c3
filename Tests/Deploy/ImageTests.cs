using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Security.Tls;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>
/// The container images the build defines (the SDK's container support: repository, tag, user, ports) are the ones
/// the charts and plain manifests run, and each program's published output starts and answers <c>/healthz</c> with
/// the environment the chart gives it, as the image's user. No base image can be pulled here, so the image itself is
/// not built.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ImageTests(SharedMotoServer moto, PublishedPrograms published) : IClassFixture<PublishedPrograms>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static TheoryData<string, string, string, string> Images { get; } = new()
    {
        { "Silo", "awsmultieni-silo", "Deployment/awsmultieni-silo", "silo" },
        { "Dashboard", "awsmultieni-silo", "Deployment/awsmultieni-dashboard", "dashboard" },
        { "Agent", "awsmultieni-cluster", "DaemonSet/awsmultieni-agent", "agent" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public async Task The_charts_default_image_user_and_ports_are_what_the_build_produces(string project, string chartName, string workload, string container)
    {
        var image = await ContainerSettingsAsync(project);
        var chart = new HelmChart(chartName);
        var rendered = DeployManifests.Container(Workload(await chart.RenderAsync(new Helm(4), "readme-values.yaml"), workload), container);
        var plain = DeployManifests.Container(Workload(DeployManifests.Load(chartName == "awsmultieni-silo" ? "deploy/silo" : "deploy/cluster"), workload), container);

        var reference = $"{image["ContainerRepository"]}:{image["ContainerImageTag"]}";
        Assert.Equal((reference, reference), ((string?)rendered["image"], (string?)plain["image"]));
        Assert.Equal((string?)chart.Chart["appVersion"], (string?)image["ContainerImageTag"]);
        Assert.Equal((string?)image["ContainerUser"], rendered["securityContext"]!["runAsUser"]!.ToString());
        Assert.Equal(
            PortsOf(image),
            rendered["ports"]!.AsArray().Select(p => p!["containerPort"]!.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_published_program_serves_healthz_with_the_charts_environment_as_its_images_user()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var silo = await new HelmChart("awsmultieni-silo").RenderAsync(new Helm(4), "readme-values.yaml");
        var agent = await new HelmChart("awsmultieni-cluster").RenderAsync(new Helm(4), "readme-values.yaml");
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        // The charts default to mutual TLS: every program gets a certificate of one fleet CA where its Secret would be.
        using var tls = new TlsWorkspace();
        var fleetCa = tls.Authority("fleet-ca");
        var ids = new Dictionary<string, string> { ["Orleans__ClusterId"] = $"image-{Guid.NewGuid():N}" };

        // What differs from the pod: this machine's addresses and free ports, moto for DynamoDB, a sysfs of its own.
        var siloEnvironment = ContainerEnvironment(silo, "Deployment/awsmultieni-silo", "silo", ids, new()
        {
            ["Orleans__Endpoints__SiloPort"] = Text(siloPort),
            ["Security__Tls__Directory"] = tls.Volume("silo", fleetCa, fleetCa).Directory,
            ["Security__SiloKeyFile"] = tls.SiloKey(),
            ["Orleans__Endpoints__GatewayPort"] = Text(gatewayPort),
            ["Orleans__DynamoDB__SilosTable"] = MotoDynamoDB.UniqueName("Silos"),
            ["Orleans__DynamoDB__GrainStateTable"] = MotoDynamoDB.UniqueName("GrainState"),
            ["Orleans__DynamoDB__RemindersTable"] = MotoDynamoDB.UniqueName("Reminders"),
            ["AWS_ENDPOINT_URL_DYNAMODB"] = moto.Url.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
        });
        // The silos' headless Service is a DNS name here too, one that answers this machine's silo.
        var dashboardEnvironment = ContainerEnvironment(silo, "Deployment/awsmultieni-dashboard", "dashboard", ids, new()
        {
            ["Orleans__GatewayAddress"] = "localhost",
            ["Security__Tls__Directory"] = tls.Volume("dashboard", fleetCa, fleetCa).Directory,
            ["Orleans__Endpoints__GatewayPort"] = Text(gatewayPort),
        });
        var agentEnvironment = ContainerEnvironment(agent, "DaemonSet/awsmultieni-agent", "agent", ids, new()
        {
            ["Agent__Gateways__0"] = $"127.0.0.1:{gatewayPort}",
            ["Security__Tls__Directory"] = tls.Volume("agent", fleetCa, fleetCa).Directory,
            ["Agent__SysfsRoot"] = published.Sysfs,
            ["Agent__StatePath"] = Path.Combine(published.State, "agent-state.json"),
            ["Agent__SriovConfigPath"] = Path.Combine(published.State, "config.json"),
            ["Agent__IpamDataDir"] = Path.Combine(published.State, "ipam"),
        });

        tls.ShareWithOtherUsers();
        await using var siloProcess = published.Start("Silo", siloEnvironment, PublishedPrograms.AppUser);
        await WaitHealthyAsync(siloProcess, siloEnvironment, cancellation);
        await using var dashboardProcess = published.Start("Dashboard", dashboardEnvironment, PublishedPrograms.AppUser);
        await using var agentProcess = published.Start("Agent", agentEnvironment, uid: 0);
        await WaitHealthyAsync(dashboardProcess, dashboardEnvironment, cancellation);
        await WaitHealthyAsync(agentProcess, agentEnvironment, cancellation);
    }

    /// <summary>The container's environment as the kubelet gives it, pod and node IP being this machine's loopback, with the overrides.</summary>
    private static Dictionary<string, string> ContainerEnvironment(DeployManifests rendered, string workload, string container, Dictionary<string, string> ids, Dictionary<string, string> overrides)
    {
        var environment = rendered.Environment(DeployManifests.Container(Workload(rendered, workload), container))
            .ToDictionary(e => e.Key, e => e.Value.Replace(DeployManifests.PodIP, "127.0.0.1", StringComparison.Ordinal).Replace(DeployManifests.HostIP, "127.0.0.1", StringComparison.Ordinal));
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        foreach (var (key, value) in ids.Concat(overrides))
        {
            environment[key] = value;
        }

        return environment;
    }

    private static async Task WaitHealthyAsync(ChildProcess process, Dictionary<string, string> environment, CancellationToken cancellation)
    {
        var healthz = new Uri(environment["ASPNETCORE_URLS"] + "/healthz");
        await Poll.UntilAsync(
            async () =>
            {
                Assert.False(process.HasExited, $"The program exited ({(process.HasExited ? process.ExitCode : 0)}):\n{process.Output}");
                try
                {
                    using var response = await Http.GetAsync(healthz, cancellation);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            $"{healthz} to answer");
    }

    private static async Task<JsonObject> ContainerSettingsAsync(string project)
    {
        var result = (await CommandRun.RunAsync("dotnet", ["msbuild", RepositoryFiles.PathOf($"{project}/AwsMultiEni.{project}.csproj"), "-getProperty:ContainerRepository", "-getProperty:ContainerImageTag", "-getProperty:ContainerUser", "-getItem:ContainerPort"])).Succeeded();
        var json = JsonNode.Parse(result.Output)!.AsObject();
        var settings = json["Properties"]!.AsObject().DeepClone().AsObject();
        settings["ContainerPort"] = json["Items"]!["ContainerPort"]!.DeepClone();
        return settings;
    }

    private static IOrderedEnumerable<string> PortsOf(JsonObject image) =>
        image["ContainerPort"]!.AsArray().Select(p => (string)p!["Identity"]!).Order(StringComparer.Ordinal);

    private static JsonObject Workload(DeployManifests manifests, string workload) =>
        manifests.Get(workload.Split('/')[0], workload.Split('/')[1]);

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
