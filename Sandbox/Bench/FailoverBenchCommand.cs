using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AwsMultiEni.Sandbox.Cli;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// <c>bench-failover --dynamodb-endpoint URL [--silos S] [--membership default|tuned]</c>: S silo processes with
/// membership, grain state and reminders in DynamoDB watch one emulated cluster; the process whose silo watches it
/// is killed (SIGKILL), and the survivors' logs say when the death was declared and when the cluster was watched
/// again on a survivor.
/// </summary>
internal sealed class FailoverBenchCommand
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>Orleans' defaults, or a small set tuned for fast detection (each a <c>Orleans:Membership</c> key).</summary>
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> MembershipSettings =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["default"] = new Dictionary<string, string>(),
            ["tuned"] = new Dictionary<string, string>
            {
                ["ProbeTimeout"] = "00:00:01",
                ["NumMissedProbesLimit"] = "2",
                ["NumVotesForDeathDeclaration"] = "1",
                ["TableRefreshTimeout"] = "00:00:02",
            },
        };

    private readonly Option<string> _dynamoDB = new("--dynamodb-endpoint")
    {
        HelpName = "URL",
        Description = "DynamoDB for membership, grain state and reminders, which must outlive the killed silo (a moto server's URL, say).",
        Required = true,
    };

    private readonly Option<int> _silos = SandboxOption.WholeNumber("--silos", "S", "Silo processes", 3, 2, 10);
    private readonly Option<string> _membership = SandboxOption.OneOf("--membership", "Orleans' membership settings, or a set tuned for fast detection.", "default", "tuned");
    private readonly Option<int> _timeout = SandboxOption.WholeNumber("--timeout-s", "S", "Give up on a step after this many seconds", 300, 1);

    public static Command Create()
    {
        var bench = new FailoverBenchCommand();
        var command = new Command("bench-failover", "S silo processes with membership, grain state and reminders in DynamoDB watch one emulated cluster; the one watching it is killed, and the survivors' logs say when it was declared dead and the cluster watched again.")
        {
            bench._dynamoDB,
            bench._silos,
            bench._membership,
            bench._timeout,
        };
        command.SetAction(bench.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed)
    {
        var dynamoDB = parsed.GetRequiredValue(_dynamoDB);
        var silos = parsed.GetValue(_silos);
        var membershipName = parsed.GetRequiredValue(_membership);
        var membership = MembershipSettings[membershipName];
        var timeout = TimeSpan.FromSeconds(parsed.GetValue(_timeout));

        await using var world = await BenchWorldProcess.StartAsync(clusters: 1, nodes: 3, timeFactor: 1);
        var cluster = world.World.Clusters[0];
        var run = $"failover-{Guid.NewGuid():N}"[..20];
        var processes = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < silos; i++)
            {
                // One at a time: the first creates the tables the others join.
                var silo = SiloProcess.Start(i, Environment(world.World, cluster, dynamoDB, run, membership));
                processes.Add(silo);
                await UntilAsync(() => silo.FirstLine(SiloCommand.StartedLine) is not null, silo, timeout);
            }

            var watching = $"Cluster {cluster.Name}: watching from silo";
            SiloProcess? watcher = null;
            await UntilAsync(() => (watcher = processes.FirstOrDefault(p => p.FirstLine(watching) is not null)) is not null, processes[0], timeout);

            var killedAt = watcher!.Kill();
            var survivors = processes.Where(p => p != watcher).ToList();
            SiloProcess? taker = null;
            await UntilAsync(() => (taker = survivors.FirstOrDefault(p => p.FirstLine(watching, killedAt) is not null)) is not null, survivors[0], timeout);
            var watchedAt = taker!.FirstLine(watching, killedAt)!.Value;
            var declaredAt = survivors.Select(p => p.FirstLine("declared dead", killedAt)).Where(at => at is not null).Min();

            var invariant = CultureInfo.InvariantCulture;
            Console.WriteLine($"bench-failover: {silos} silo processes, membership, grain state and reminders in DynamoDB at {dynamoDB}");
            Console.WriteLine($"  membership {membershipName}: {(membership.Count == 0 ? "Orleans defaults" : string.Join(", ", membership.Select(m => $"{m.Key}={m.Value}")))}");
            Console.WriteLine(string.Create(invariant, $"  killed silo {watcher.Index} (watching {cluster.Name}) with SIGKILL"));
            Console.WriteLine(declaredAt is { } declared
                ? string.Create(invariant, $"  declared dead after {(declared - killedAt).TotalSeconds:0.00} s")
                : "  no survivor logged the death before the takeover");
            Console.WriteLine(string.Create(invariant, $"  {cluster.Name} watched again from silo {taker.Index} after {(watchedAt - killedAt).TotalSeconds:0.00} s"));
            return 0;
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    private static Dictionary<string, string> Environment(BenchWorld world, BenchCluster cluster, string dynamoDB, string run, IReadOnlyDictionary<string, string> membership)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_REGION"] = world.Region,
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_ENDPOINT_URL_EC2"] = world.Ec2Endpoint.ToString().TrimEnd('/'),
            ["AWS_ENDPOINT_URL_DYNAMODB"] = dynamoDB.TrimEnd('/'),
            ["Orleans__ClusterId"] = run,
            ["Orleans__ServiceId"] = run,
            ["Orleans__Clustering__Provider"] = "DynamoDB",
            ["Orleans__Persistence__Provider"] = "DynamoDB",
            ["Orleans__DynamoDB__SilosTable"] = run + "-Silos",
            ["Orleans__DynamoDB__GrainStateTable"] = run + "-GrainState",
            ["Orleans__DynamoDB__RemindersTable"] = run + "-Reminders",
            ["Orleans__Endpoints__AdvertisedIP"] = "127.0.0.1",
            ["Orleans__Endpoints__SiloPort"] = LoopbackPort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = LoopbackPort.Next().ToString(CultureInfo.InvariantCulture),
            ["Fleet__Clusters__0__Name"] = cluster.Name,
            ["Fleet__Clusters__0__Region"] = world.Region,
            ["Fleet__Clusters__0__Kubeconfig"] = cluster.Kubeconfig,
        };
        foreach (var (key, value) in membership)
        {
            environment["Orleans__Membership__" + key] = value;
        }

        return environment;
    }

    private static async Task UntilAsync(Func<bool> condition, SiloProcess watched, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout || watched.HasExited)
            {
                throw new InvalidOperationException($"bench-failover: gave up after {clock.Elapsed.TotalSeconds:0} s; silo {watched.Index} said:{System.Environment.NewLine}{watched.Tail(20)}");
            }

            await Task.Delay(PollEvery);
        }
    }
}
