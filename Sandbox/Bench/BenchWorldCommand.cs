using System.CommandLine;
using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using AwsMultiEni.Sandbox.Cli;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// <c>bench-world --clusters N --nodes M --time-factor F --state-dir DIR</c>: the world a benchmark's silos run
/// against, in a process of its own so that the benchmark's memory figures are the silo's alone. The EC2 emulator
/// (throttling on, strict) seeded as the Sandbox seeds it, and one emulated cluster per name with one Node per
/// instance; once every bucket is full again, <c>DIR/bench-world.json</c> says where they are. Runs until its
/// standard input closes, so it never outlives the benchmark that started it.
/// </summary>
internal sealed class BenchWorldCommand
{
    public const string ClusterPrefix = "bench-";

    /// <summary>The benchmark's EC2 is as eventually consistent as EC2: a change shows in describes a second (emulated) later.</summary>
    private const int DefaultConsistencyLagMs = 1000;

    private readonly Option<int> _clusters = SandboxOption.WholeNumber("--clusters", "N", "Emulated clusters", 2, 1, 50);
    private readonly Option<int> _nodes = SandboxOption.WholeNumber("--nodes", "M", "Nodes (and EC2 instances) per cluster", 500, 1, 5000);
    private readonly Option<double> _timeFactor = SandboxOption.Number("--time-factor", "F", "Emulated time runs F times faster", 10, 0.001);
    private readonly Option<int> _consistencyLag = SandboxOption.WholeNumber("--consistency-lag-ms", "N", "How long describes lag behind each change, in emulated time", DefaultConsistencyLagMs, 0, 600_000);
    private readonly Option<string> _stateDir = new("--state-dir")
    {
        HelpName = "DIR",
        Description = "Where the kubeconfigs and bench-world.json are written.",
        Required = true,
    };

    public static Command Create()
    {
        var world = new BenchWorldCommand();
        var command = new Command("bench-world", "The world a benchmark's silos run against, in a process of its own (bench-engine and bench-failover start it): the seeded EC2 emulator and emulated clusters, until standard input closes.")
        {
            world._clusters,
            world._nodes,
            world._timeFactor,
            world._consistencyLag,
            world._stateDir,
        };
        command.SetAction(world.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed)
    {
        var clusterCount = parsed.GetValue(_clusters);
        var nodes = parsed.GetValue(_nodes);
        var timeFactor = parsed.GetValue(_timeFactor);
        var consistencyLag = TimeSpan.FromMilliseconds(parsed.GetValue(_consistencyLag));
        var stateDir = Path.GetFullPath(parsed.GetRequiredValue(_stateDir));
        Directory.CreateDirectory(stateDir);
        var region = SandboxAwsEnvironment.DefaultRegion;
        var buckets = new Ec2ThrottleBuckets();

        await using var emulator = await Ec2Emulator.StartAsync(new Ec2EmulatorOptions { Region = region, TimeFactor = timeFactor, Buckets = buckets, ConsistencyLag = consistencyLag });
        var names = Enumerable.Range(1, clusterCount).Select(i => ClusterPrefix + i).ToList();
        using var ec2 = new AmazonEC2Client(new BasicAWSCredentials("test", "test"), new AmazonEC2Config { ServiceURL = emulator.Url.ToString(), AuthenticationRegion = region });
        var seeded = await new Ec2Seeder(ec2, region).SeedAsync(names, nodes);
        var subnetIds = await CreateRolloutSubnetsAsync(ec2, seeded.VpcId, region);

        await using var kube = await KubeEmulator.StartAsync(new KubeEmulatorOptions(clusterCount, stateDir) { Names = names });
        foreach (var cluster in kube.Clusters)
        {
            ClusterSeeder.Seed(cluster, seeded.Instances);
        }

        // The rollout's bound assumes full buckets at the start; seeding drew from some of them.
        var scaled = buckets.Scaled(timeFactor).ByName().Values;
        await Task.Delay(TimeSpan.FromSeconds(scaled.Max(bucket => bucket.Capacity / bucket.RefillPerSecond)));
        emulator.Calls.Clear();

        var world = new BenchWorld(
            emulator.Url,
            region,
            timeFactor,
            [.. kube.Clusters.Select(c => new BenchCluster(c.Name, c.KubeconfigPath))],
            subnetIds,
            seeded.SecurityGroup(SandboxNetwork.MultusSecurityGroup).GroupId);
        var path = Path.Combine(stateDir, BenchWorld.FileName);
        await File.WriteAllTextAsync(path + ".partial", JsonSerializer.Serialize(world, BenchWorld.JsonOptions));
        File.Move(path + ".partial", path, overwrite: true);

        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>A /20 per zone for the rollout's ENIs: the Sandbox's /24 Multus subnets hold 251 addresses, fewer than a zone's nodes at scale.</summary>
    private static async Task<IReadOnlyList<string>> CreateRolloutSubnetsAsync(AmazonEC2Client ec2, string vpcId, string region)
    {
        var ids = new List<string>();
        for (var zone = 0; zone < SandboxNetwork.ZoneSuffixes.Count; zone++)
        {
            var created = await ec2.CreateSubnetAsync(new CreateSubnetRequest
            {
                VpcId = vpcId,
                CidrBlock = $"10.0.{64 + (zone * 16)}.0/20",
                AvailabilityZone = region + SandboxNetwork.ZoneSuffixes[zone],
            });
            ids.Add(created.Subnet.SubnetId);
        }

        return ids;
    }
}
