using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Cli;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Silo.Aws;
using k8s;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// <c>bench-engine [--clusters N] [--nodes M] [--time-factor F] [--silos S] [--dynamodb-endpoint URL] [--drift-intervals K] [--json] [--dashboard …]</c>:
/// the fleet engine rolling one NodeENI per cluster out to every node, against the strict, throttling EC2 emulator
/// and the Kubernetes emulator (both in a child process), with the silos in this one. Reports convergence against
/// the token-bucket bound, EC2 calls and storage writes per attachment, silo memory, and the steady state after.
/// </summary>
internal sealed class EngineBenchCommand
{
    private const string NodeEniName = "bench";
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    private readonly Option<int> _clusters = SandboxOption.WholeNumber("--clusters", "N", "Emulated clusters", 2, 1, 50);
    private readonly Option<int> _nodes = SandboxOption.WholeNumber("--nodes", "M", "Nodes per cluster, each one attachment of the rollout", 500, 1, 5000);
    private readonly Option<double> _timeFactor = SandboxOption.Number("--time-factor", "F", "Emulated time runs F times faster, and the silo's poll and drift periods with it", 10, 0.001);
    private readonly Option<int> _silos = SandboxOption.WholeNumber("--silos", "S", "Silos in this process", 1, 1, 10);
    private readonly Option<Uri> _dynamoDB = SandboxOption.Url("--dynamodb-endpoint", "Keep grain state in DynamoDB at this endpoint (tables with fresh names per run) instead of in memory.");
    private readonly Option<int> _driftIntervals = SandboxOption.WholeNumber("--drift-intervals", "K", "Drift intervals of steady state watched after convergence", 3, 1, 100);
    private readonly Option<int> _timeout = SandboxOption.WholeNumber("--timeout-s", "S", "Give up after this many seconds", 900, 1);
    private readonly Option<int> _pods = SandboxOption.WholeNumber("--pods", "P", "After the steady state, P pods arrive over every node and leave again, on NodeENIs with ipv4PrefixCount 1 and warmIPTarget 8 (0: no pod IPs)", 0, 0);
    private readonly Option<bool> _json = new("--json") { Description = "Write the report as JSON on standard output, and progress on standard error." };
    private readonly Option<bool> _dashboard = new("--dashboard") { Description = "After the steady state, measure the dashboard over the converged fleet in Chromium: first render, grain calls per refresh, CPU with browsers open, search." };
    private readonly Option<int> _refreshes = SandboxOption.WholeNumber("--refreshes", "N", "With --dashboard: overview pushes over which the grain calls per refresh are counted", 20, 1, 1000);
    private readonly Option<int> _browsers = SandboxOption.WholeNumber("--browsers", "N", "With --dashboard: pages open for the CPU figure", 10, 1, 50);
    private readonly Option<int> _dashboardWindow = SandboxOption.WholeNumber("--dashboard-window-s", "S", "With --dashboard: seconds over which the CPU is measured, without browsers and with them", 30, 1, 600);
    private readonly Option<string> _chromium = new("--chromium") { HelpName = "PATH", Description = "With --dashboard: the Chromium to drive.", DefaultValueFactory = _ => "/usr/bin/chromium" };
    private readonly Option<string> _screenshots = new("--screenshots") { HelpName = "DIR", Description = "With --dashboard: write PNG screenshots of the fleet, a cluster and a node page here." };

    public static Command Create()
    {
        var bench = new EngineBenchCommand();
        var command = new Command("bench-engine", "The fleet engine rolling one NodeENI per cluster out to every node against the throttling EC2 emulator: convergence against the token-bucket bound, EC2 calls and storage writes per attachment, silo memory, and the steady state after.")
        {
            bench._clusters,
            bench._nodes,
            bench._timeFactor,
            bench._silos,
            bench._dynamoDB,
            bench._driftIntervals,
            bench._timeout,
            bench._pods,
            bench._json,
            bench._dashboard,
            bench._refreshes,
            bench._browsers,
            bench._dashboardWindow,
            bench._chromium,
            bench._screenshots,
        };
        command.SetAction(bench.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed)
    {
        var json = parsed.GetValue(_json);
        var clusters = parsed.GetValue(_clusters);
        var nodes = parsed.GetValue(_nodes);
        var timeFactor = parsed.GetValue(_timeFactor);
        var silos = parsed.GetValue(_silos);
        var intervals = parsed.GetValue(_driftIntervals);
        var timeout = TimeSpan.FromSeconds(parsed.GetValue(_timeout));
        var dynamoEndpoint = parsed.GetValue(_dynamoDB);
        var pods = parsed.GetValue(_pods);

        // The engine's own periods run F times faster too, so that the emulator's scaled attach delay is not hidden behind a real-time poll.
        var pollInterval = TimeSpan.FromSeconds(1) / timeFactor;
        var driftInterval = TimeSpan.FromMinutes(5) / timeFactor;
        Progress(json, $"starting the EC2 and Kubernetes emulators ({clusters} x {nodes} nodes) in a child process");
        await using var world = await BenchWorldProcess.StartAsync(clusters, nodes, timeFactor);
        SandboxAwsEnvironment.Apply(world.World.Ec2Endpoint, world.World.Region);
        using var dynamoDB = dynamoEndpoint is null ? null : new DynamoDBRequestCounter(dynamoEndpoint, world.World.Region);
        using var writes = new GrainStateWriteCounter();
        var stateSizes = new GrainStateSizes();
        var calls = new GrainCallCounter();
        var storage = dynamoEndpoint is null ? "in-memory" : $"DynamoDB at {dynamoEndpoint}";
        Progress(json, $"starting {silos} silo(s), storage {storage}");
        await using var fleet = await BenchSilos.StartAsync(new BenchSiloOptions(silos, world.World, pollInterval, driftInterval, dynamoDB?.Client, $"bench-{Guid.NewGuid():N}-", stateSizes, calls));
        using var deadline = new CancellationTokenSource(timeout);

        await UntilAsync(async () => await AllWatchedAsync(fleet.Grains, world.World, nodes), deadline.Token);
        using var kube = new ClusterClients(world.World.Clusters);
        var callsBefore = (await world.CallLogAsync()).Count;
        var writesBefore = writes.Writes;
        var requestsBefore = dynamoDB?.Snapshot();

        Progress(json, $"applying NodeENI '{NodeEniName}' in every cluster");
        var clock = Stopwatch.StartNew();
        foreach (var client in kube.All)
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(Manifest(world.World, pods > 0), NodeEni.Group, NodeEni.Version, NodeEni.Plural, cancellationToken: deadline.Token);
        }

        var largestNodeEni = 0;
        await UntilAsync(async () => (largestNodeEni = await ConvergedSizeAsync(kube.All, nodes, deadline.Token) ?? 0) > 0, deadline.Token);
        var convergence = clock.Elapsed;
        var rolloutCalls = (await world.CallLogAsync()).Skip(callsBefore).ToList();
        var rollout = new EngineRollout(
            convergence.TotalSeconds,
            RolloutBound.For(new Ec2ThrottleBuckets().Scaled(timeFactor), clusters * nodes).TotalSeconds,
            rolloutCalls.Count(c => c.Outcome == Ec2CallTally.ThrottledOutcome),
            Ec2CallTally.Of(rolloutCalls),
            writes.Writes - writesBefore,
            requestsBefore is null ? null : Counts.Since(requestsBefore, dynamoDB!.Snapshot()),
            largestNodeEni,
            stateSizes.LargestBytes,
            stateSizes.LargestState);
        var memory = MeasureMemory(silos, world);

        Progress(json, $"converged in {convergence.TotalSeconds:0.00} s; watching {intervals} drift intervals of {driftInterval.TotalSeconds:0.##} s");
        var steadyFrom = callsBefore + rolloutCalls.Count;
        var steadyWrites = writes.Writes;
        await Task.Delay(driftInterval * intervals, deadline.Token);
        var steadyCalls = Ec2CallTally.Of((await world.CallLogAsync()).Skip(steadyFrom));
        var steady = new SteadyState(
            intervals,
            steadyCalls.Where(t => t.IsMutating).Sum(t => t.Calls),
            steadyCalls.Where(t => t.Action == "DescribeNetworkInterfaces").Sum(t => t.Calls) / (double)(clusters * intervals),
            writes.Writes - steadyWrites,
            steadyCalls,
            MeasureMemory(silos, world));

        var dashboard = parsed.GetValue(_dashboard)
            ? await new DashboardBench(
                new DashboardBenchOptions(parsed.GetRequiredValue(_chromium), parsed.GetValue(_refreshes), parsed.GetValue(_browsers), TimeSpan.FromSeconds(parsed.GetValue(_dashboardWindow)), parsed.GetValue(_screenshots)),
                fleet,
                calls,
                message => Progress(json, message)).RunAsync(clusters * nodes, deadline.Token)
            : null;

        PodAddressPhase? podPhase = null;
        if (pods > 0)
        {
            Progress(json, $"{pods} pods arriving over every node in waves, then leaving");
            var nodeKeys = new List<string>();
            foreach (var (client, cluster) in kube.All.Zip(world.World.Clusters))
            {
                nodeKeys.AddRange((await client.CoreV1.ListNodeAsync(cancellationToken: deadline.Token)).Items.Select(n => GrainKey.Join(cluster.Name, n.Metadata.Name)));
            }

            podPhase = await PodAddressBench.RunAsync(fleet.Grains, world, nodeKeys, pods, condition => UntilAsync(condition, deadline.Token));
        }

        var report = new EngineBenchReport(
            new EngineBenchSetup(clusters, nodes, clusters * nodes, silos, storage, timeFactor, pollInterval, driftInterval), rollout, memory, steady, dashboard, podPhase);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, BenchWorld.JsonOptions));
        }
        else
        {
            report.Print(Console.Out);
        }

        return 0;
    }

    private static void Progress(bool json, string message)
    {
        // With --json, standard output is the report alone.
        (json ? Console.Error : Console.Out).WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] {message}");
    }

    private static JsonObject Manifest(BenchWorld world, bool podIps)
    {
        var manifest = Manifest(world);
        if (podIps)
        {
            manifest["spec"]!["ipv4PrefixCount"] = 1;
            manifest["spec"]!["warmIPTarget"] = PodAddressBench.WarmIps;
        }

        return manifest;
    }

    private static JsonObject Manifest(BenchWorld world) => new()
    {
        ["apiVersion"] = NodeEni.ApiVersionValue,
        ["kind"] = NodeEni.KindValue,
        ["metadata"] = new JsonObject { ["name"] = NodeEniName },
        ["spec"] = new JsonObject
        {
            ["nodeSelector"] = new JsonObject { [ClusterSeeder.NodeGroupLabel] = ClusterSeeder.NodeGroup },
            ["subnetIDs"] = new JsonArray([.. world.SubnetIds.Select(id => (JsonNode)id)]),
            ["securityGroupIDs"] = new JsonArray(world.SecurityGroupId),
            ["deviceIndex"] = 1,
            ["description"] = "bench-engine",
        },
    };

    /// <summary>Every cluster watched with its whole node list in, so the clock starts on a running engine.</summary>
    private static async Task<bool> AllWatchedAsync(IGrainFactory grains, BenchWorld world, int nodes)
    {
        foreach (var cluster in world.Clusters)
        {
            var summary = await grains.GetGrain<IClusterGrain>(cluster.Name).GetSummary();
            if (!summary.Watch.Watching || summary.Nodes < nodes)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether every cluster's NodeENI is Ready with all its nodes attached, as its summary counts them (the list
    /// in status stops at 1,000 entries), and the largest of them in bytes as the API serves it; null until then.
    /// </summary>
    private static async Task<int?> ConvergedSizeAsync(IReadOnlyList<k8s.Kubernetes> clusters, int nodes, CancellationToken cancellationToken)
    {
        var largest = 0;
        foreach (var client in clusters)
        {
            var json = await client.CustomObjects.GetClusterCustomObjectAsync<JsonElement>(NodeEni.Group, NodeEni.Version, NodeEni.Plural, NodeEniName, cancellationToken);
            var status = NodeEniJson.Deserialize(json).Status;
            var ready = status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready)?.Status == "True";
            if (!ready || status?.Summary is not { Attached: var attached, Desired: var desired } || attached != nodes || desired != nodes
                || status.AttachmentCount != nodes || status.Attachments?.Any(a => a.Status != "attached" || a.EniId is null) != false)
            {
                return null;
            }

            largest = Math.Max(largest, System.Text.Encoding.UTF8.GetByteCount(json.GetRawText()));
        }

        return largest;
    }

    private static SiloMemory MeasureMemory(int silos, BenchWorldProcess world)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        return new SiloMemory(
            heap,
            self.WorkingSet64,
            world.WorkingSet(),
            $"this process: {silos} silo(s) plus the benchmark's Kubernetes clients; the emulators run in child process {world.ProcessId}, working set {world.WorkingSet() / 1048576.0:0.0} MiB, not counted");
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(PollEvery, cancellationToken);
        }
    }

    /// <summary>A Kubernetes client per cluster, disposed together.</summary>
    private sealed class ClusterClients(IEnumerable<BenchCluster> clusters) : IDisposable
    {
        public IReadOnlyList<k8s.Kubernetes> All { get; } =
            [.. clusters.Select(c => new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(c.Kubeconfig)))];

        public void Dispose()
        {
            foreach (var client in All)
            {
                client.Dispose();
            }
        }
    }
}
