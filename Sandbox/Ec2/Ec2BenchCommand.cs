using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using AwsMultiEni.Sandbox.Cli;
using AwsMultiEni.Sandbox.Ec2.World;
using AwsMultiEni.Silo.Aws;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary>
/// <c>bench-ec2 [--attachments K] [--time-factor F] [--concurrency C]</c>: K create+attach+modify sequences
/// through the gateway against the emulator, both on EC2's documented buckets with time running F times faster.
/// Prints elapsed time against the token-bucket lower bound and the EC2 calls per attachment by action.
/// </summary>
internal sealed class Ec2BenchCommand
{
    private const string InstanceType = "m5.24xlarge";

    private readonly Option<int> _attachments = SandboxOption.WholeNumber("--attachments", "K", "Create+attach+modify sequences to run", 2000, 1, 100_000);
    private readonly Option<double> _timeFactor = SandboxOption.Number("--time-factor", "F", "Emulated time runs F times faster, in the emulator and the gateway's budget", 50, 0.001);
    private readonly Option<int> _concurrency = SandboxOption.WholeNumber("--concurrency", "C", "Sequences in flight at once", 64, 1, 10_000);

    public static Command Create()
    {
        var bench = new Ec2BenchCommand();
        var command = new Command("bench-ec2", "K create+attach+modify sequences through the EC2 gateway against the emulator, both on EC2's documented buckets: elapsed time against the token-bucket bound, and EC2 calls per attachment.")
        {
            bench._attachments,
            bench._timeFactor,
            bench._concurrency,
        };
        command.SetAction(bench.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed)
    {
        var attachments = parsed.GetValue(_attachments);
        var timeFactor = parsed.GetValue(_timeFactor);
        var concurrency = parsed.GetValue(_concurrency);
        var buckets = new Ec2ThrottleBuckets();

        await using var emulator = await Ec2Emulator.StartAsync(new Ec2EmulatorOptions { TimeFactor = timeFactor, Buckets = buckets });
        using var ec2 = new AmazonEC2Client(new BasicAWSCredentials("test", "test"), new AmazonEC2Config { ServiceURL = emulator.Url.ToString(), MaxErrorRetry = 0 });
        var (subnetId, groupId, instances) = await SeedAsync(ec2, attachments);
        emulator.Calls.Clear();

        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var gatewayOptions = new Ec2GatewayOptions { Budget = buckets.Scaled(timeFactor) };
        var gateway = new Ec2Gateway(
            ec2, new Ec2RequestBudget(gatewayOptions.Budget, TimeProvider.System), new Ec2Metrics(services.GetRequiredService<IMeterFactory>()),
            gatewayOptions, TimeProvider.System, NullLogger<Ec2Gateway>.Instance);

        var perInstance = InstanceTypeCatalog.All[InstanceType].MaximumNetworkInterfaces - 1;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, attachments), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (k, ct) =>
        {
            var key = $"bench/eni/node-{k}";
            var eni = await gateway.CreateNetworkInterfaceAsync(
                new CreateEniRequest(subnetId, [groupId], "bench", EniClientToken.For(key, 0, 1), new EniTags($"bench-{k}", "bench", $"node-{k}", subnetId, "bench", key)), ct);
            var attachmentId = await gateway.AttachNetworkInterfaceAsync(eni.NetworkInterfaceId, instances[k / perInstance], 1 + (k % perInstance), ct);
            await gateway.SetDeleteOnTerminationAsync(eni.NetworkInterfaceId, attachmentId, true, ct);
        });
        var elapsed = clock.Elapsed;

        Report(emulator, buckets, attachments, timeFactor, concurrency, elapsed);
        return 0;
    }

    private static async Task<(string SubnetId, string GroupId, IReadOnlyList<string> Instances)> SeedAsync(AmazonEC2Client ec2, int attachments)
    {
        var vpc = await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" });
        var subnet = await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.Vpc.VpcId, CidrBlock = "10.0.0.0/17", AvailabilityZone = "us-east-1a" });
        var group = await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { VpcId = vpc.Vpc.VpcId, GroupName = "bench", Description = "bench" });
        var perInstance = InstanceTypeCatalog.All[InstanceType].MaximumNetworkInterfaces - 1;
        var count = (attachments + perInstance - 1) / perInstance;
        var run = await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = "ami-12345678", InstanceType = InstanceType, MinCount = count, MaxCount = count, SubnetId = subnet.Subnet.SubnetId,
        });
        return (subnet.Subnet.SubnetId, group.GroupId, [.. run.Reservation.Instances.Select(instance => instance.InstanceId)]);
    }

    private static void Report(Ec2Emulator emulator, Ec2ThrottleBuckets buckets, int attachments, double timeFactor, int concurrency, TimeSpan elapsed)
    {
        var bound = RolloutBound.For(buckets.Scaled(timeFactor), attachments).TotalSeconds;
        var inventory = emulator.Inventory();
        var attached = inventory.NetworkInterfaces.Count(eni => eni.DeviceIndex > 0 && eni.DeleteOnTermination == true);
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"bench-ec2: {attachments} attachments, time factor {timeFactor}, concurrency {concurrency}, documented EC2 buckets"));
        Console.WriteLine(string.Create(invariant, $"  elapsed            {elapsed.TotalSeconds:0.00} s"));
        Console.WriteLine(string.Create(invariant, $"  token-bucket bound {bound:0.00} s"));
        Console.WriteLine(string.Create(invariant, $"  ratio              {elapsed.TotalSeconds / bound:0.000}"));
        Console.WriteLine(string.Create(invariant, $"  ENIs attached with DeleteOnTermination: {attached} (secondary ENIs in inventory: {inventory.NetworkInterfaces.Count(eni => eni.DeviceIndex != 0)})"));
        Console.WriteLine("  EC2 calls per attachment by action (all answers / throttled):");
        foreach (var tally in Ec2CallTally.Of(emulator.Calls.Records))
        {
            Console.WriteLine(string.Create(invariant, $"    {tally.Action,-34} {tally.Calls / (double)attachments:0.000} / {tally.Throttled / (double)attachments:0.000}"));
        }
    }
}
