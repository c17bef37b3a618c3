using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using AwsMultiEni.Dashboard;
using AwsMultiEni.Sandbox.Cli;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Sandbox.Nodes;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Silo.Hosting;

namespace AwsMultiEni.Sandbox;

/// <summary>
/// <c>run</c>, and the Sandbox with no command: an EC2 endpoint (the emulator, or <c>--ec2-endpoint</c>) seeded
/// through the EC2 API, emulated clusters whose Nodes stand for the seeded instances, and the silo (with those
/// clusters registered) and the dashboard in one process, all on loopback.
/// </summary>
internal sealed class SandboxRunCommand
{
    /// <summary>The Sandbox's EC2 is as eventually consistent as EC2: a change shows in describes a second later.</summary>
    private const int DefaultConsistencyLagMs = 1000;

    private readonly Option<int> _clusters = SandboxOption.WholeNumber("--clusters", "N", "Emulated clusters, sandbox-1 to sandbox-N", 2, 1, 50);
    private readonly Option<int> _nodes = SandboxOption.WholeNumber("--nodes", "M", "Nodes (and EC2 instances) per cluster, spread over three zones", 3, 0, 5000);
    private readonly Option<int> _dashboardPort = SandboxOption.WholeNumber("--dashboard-port", "P", "Port of the dashboard (and /healthz, /readyz, Prometheus /metrics) on 127.0.0.1", 5080, 1, 65535);

    // Free ports unless given, so that two Sandboxes (or a Sandbox beside a silo) run side by side.
    private readonly Option<int> _siloPort = SandboxOption.WholeNumber("--silo-port", "P", "The silo's port; 0 picks a free one", 0, 0, 65535);
    private readonly Option<int> _gatewayPort = SandboxOption.WholeNumber("--gateway-port", "P", "The silo's gateway port, where the CLI and other clients connect; 0 picks a free one", 0, 0, 65535);
    private readonly Option<string> _stateDir = new("--state-dir")
    {
        HelpName = "DIR",
        Description = "Where sandbox.json, the kubeconfigs and examples/ are written.",
        DefaultValueFactory = _ => ".sandbox",
    };

    private readonly Option<Uri> _ec2Endpoint = SandboxOption.Url("--ec2-endpoint", "Seed and use this EC2 endpoint (moto, say) instead of starting the emulator.");
    private readonly Option<int> _consistencyLag = SandboxOption.WholeNumber(
        "--ec2-consistency-lag-ms", "N", "How long the emulator's describes lag behind each change, as EC2's do; 0 answers at once", DefaultConsistencyLagMs, 0, 600_000);

    private readonly Option<bool> _nodeNetns = new("--node-netns")
    {
        Description = "Every node a network namespace of its own (root), where its ENIs appear as EC2 attaches them and the real agent configures them",
    };

    private readonly Option<bool> _leastPrivilege = new("--least-privilege")
    {
        Description = "The silo signs its EC2 calls with a key the emulator binds to deploy/iam/silo-policy.json as shipped, and the node agents reach their clusters as their ServiceAccount (the silo always reaches them as its own identity)",
    };

    /// <summary>Gives <paramref name="command"/> the run options and action: both <c>run</c> and the bare command line run the Sandbox.</summary>
    public static TCommand Declare<TCommand>(TCommand command)
        where TCommand : Command
    {
        ArgumentNullException.ThrowIfNull(command);
        var run = new SandboxRunCommand();
        foreach (var option in new Option[] { run._clusters, run._nodes, run._dashboardPort, run._siloPort, run._gatewayPort, run._stateDir, run._ec2Endpoint, run._consistencyLag, run._nodeNetns, run._leastPrivilege })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetValue(run._leastPrivilege) && result.GetValue(run._ec2Endpoint) is not null)
            {
                result.AddError("--least-privilege needs the EC2 emulator, which evaluates IAM policies; an endpoint given with --ec2-endpoint (moto) does not.");
            }
        });

        command.SetAction(run.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed)
    {
        var clusterCount = parsed.GetValue(_clusters);
        var nodes = parsed.GetValue(_nodes);
        var dashboardPort = parsed.GetValue(_dashboardPort);
        var siloPort = parsed.GetValue(_siloPort) is > 0 and var givenSilo ? givenSilo : LoopbackPort.Next();
        var gatewayPort = parsed.GetValue(_gatewayPort) is > 0 and var givenGateway ? givenGateway : LoopbackPort.Next();
        var stateDir = Path.GetFullPath(parsed.GetRequiredValue(_stateDir));
        var consistencyLag = TimeSpan.FromMilliseconds(parsed.GetValue(_consistencyLag));
        var externalEc2 = parsed.GetValue(_ec2Endpoint);
        var leastPrivilege = parsed.GetValue(_leastPrivilege);
        Directory.CreateDirectory(stateDir);
        var region = SandboxAwsEnvironment.Region;

        // Seeding and the node namespaces sign with the default chain's key, the account's admin; only the silo's key is bound.
        var siloPolicy = leastPrivilege ? await LeastPrivilege.WritePolicyAsync(stateDir) : null;
        var iamPolicies = siloPolicy is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [LeastPrivilege.SiloAccessKeyId] = siloPolicy };
        await using var emulator = externalEc2 is null
            ? await Ec2Emulator.StartAsync(new Ec2EmulatorOptions { Region = region, ConsistencyLag = consistencyLag, IamPolicies = iamPolicies })
            : null;
        var ec2Endpoint = externalEc2 ?? emulator!.Url;
        SandboxAwsEnvironment.Apply(ec2Endpoint, region);

        var clusterNames = Enumerable.Range(1, clusterCount).Select(i => $"sandbox-{i}").ToList();
        SeededWorld world;
        try
        {
            using var ec2 = SandboxAwsEnvironment.Client(ec2Endpoint, region);
            world = await new Ec2Seeder(ec2, region).SeedAsync(clusterNames, nodes);
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"sandbox: cannot seed EC2 at {ec2Endpoint}: {ex.Message}");
            return 1;
        }

        await using var kube = await KubeEmulator.StartAsync(new KubeEmulatorOptions(clusterCount, stateDir) { Names = clusterNames });
        foreach (var cluster in kube.Clusters)
        {
            ClusterSeeder.Seed(cluster, world.Instances);
        }

        var agentKubeconfigs = leastPrivilege ? kube.Clusters.ToDictionary(c => c.Name, ClusterSeeder.AllowAgent, StringComparer.Ordinal) : null;

        var examples = await ExampleManifests.WriteAsync(world, Path.Combine(stateDir, "examples"));
        using var nodeEc2 = SandboxAwsEnvironment.Client(ec2Endpoint, region);
        SandboxNodes? nodeSpaces;
        try
        {
            nodeSpaces = parsed.GetValue(_nodeNetns) ? await SandboxNodes.CreateAsync(world.Instances, nodeEc2) : null;
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"sandbox: --node-netns: {ex.Message}");
            return 1;
        }

        await using var stopsNodes = nodeSpaces;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls($"http://127.0.0.1:{dashboardPort}");
        // The addresses printed below are what a person needs; the hosts' start-up chatter is not.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(FleetConfiguration(kube.Clusters, region));
        builder.Configuration.AddInMemoryCollection(
        [
            new("Orleans:Endpoints:SiloPort", siloPort.ToString(CultureInfo.InvariantCulture)),
            new("Orleans:Endpoints:GatewayPort", gatewayPort.ToString(CultureInfo.InvariantCulture)),
        ]);
        if (leastPrivilege)
        {
            builder.Services.AddSingleton(LeastPrivilege.SiloCredentials);
        }

        builder.AddFleetSilo();
        builder.AddFleetTelemetry();
        builder.Services.AddFleetDashboard();

        await using var app = builder.Build();
        app.MapFleetHealth();
        app.MapFleetMetrics();
        app.MapFleetDashboard();
        await app.StartAsync();
        if (nodeSpaces is not null)
        {
            await nodeSpaces.StartAgentsAsync(world.Instances, stateDir, app.Services.GetRequiredService<IGrainFactory>(), agentKubeconfigs, app.Lifetime.ApplicationStopping);
        }

        var dashboardUrl = $"http://127.0.0.1:{dashboardPort}/";
        var manifest = new SandboxManifest(
            dashboardUrl,
            ec2Endpoint.ToString().TrimEnd('/'),
            region,
            $"127.0.0.1:{gatewayPort}",
            [.. kube.Clusters.Select(c => new SandboxClusterEntry(
                c.Name,
                c.KubeconfigPath,
                [.. world.Instances.Where(i => i.Cluster == c.Name).Select(i => new SandboxNodeEntry(
                    i.NodeName, i.InstanceId, nodeSpaces?.NamespaceOf[i.NodeName], nodeSpaces?.CniBinDir, nodeSpaces?.IpamDataDirOf[i.NodeName]))]))]);
        var manifestPath = Path.Combine(stateDir, "sandbox.json");
        // The banner first: once sandbox.json exists, everything it announces is already said.
        SandboxBanner.Print(manifest, manifestPath, emulator is null, nodes, examples, new SandboxIdentities(siloPolicy, AgentsAsServiceAccount: agentKubeconfigs is not null && nodeSpaces is not null));
        // Written aside and renamed into place, so a script that sees the file never reads half of it.
        var partial = manifestPath + ".partial";
        await File.WriteAllTextAsync(partial, JsonSerializer.Serialize(manifest, SandboxManifest.JsonOptions));
        File.Move(partial, manifestPath, overwrite: true);
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>
    /// The clusters as the silo reads them: <c>Fleet:Clusters:N:Name</c>, <c>…:Region</c>, <c>…:Kubeconfig</c>, the
    /// kubeconfig being the silo's own identity, held to the cluster's RBAC as in production.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string?>> FleetConfiguration(IReadOnlyList<EmulatedCluster> clusters, string region) =>
        clusters.SelectMany((cluster, i) => new KeyValuePair<string, string?>[]
        {
            new($"Fleet:Clusters:{i}:Name", cluster.Name),
            new($"Fleet:Clusters:{i}:Region", region),
            new($"Fleet:Clusters:{i}:Kubeconfig", cluster.SiloKubeconfigPath),
        });
}
