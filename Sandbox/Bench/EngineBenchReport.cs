using System.Globalization;
using AwsMultiEni.Sandbox.Ec2;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>What <c>bench-engine</c> measured; printed as a table or, with <c>--json</c>, as JSON.</summary>
internal sealed record EngineBenchReport(
    EngineBenchSetup Setup,
    EngineRollout Rollout,
    SiloMemory Memory,
    SteadyState Steady,
    DashboardBenchReport? Dashboard,
    PodAddressPhase? Pods = null)
{
    public void Print(TextWriter output)
    {
        var invariant = CultureInfo.InvariantCulture;
        var attachments = (double)Setup.Attachments;
        output.WriteLine(string.Create(invariant, $"bench-engine: {Setup.Clusters} clusters x {Setup.NodesPerCluster} nodes = {Setup.Attachments} attachments, {Setup.Silos} silo(s), storage {Setup.Storage}"));
        output.WriteLine(string.Create(invariant, $"  EC2 emulator strict, throttling on, documented buckets, time factor {Setup.TimeFactor}; silo poll {Setup.PollInterval.TotalMilliseconds:0} ms, drift interval {Setup.DriftInterval.TotalSeconds:0.##} s"));
        output.WriteLine(string.Create(invariant, $"  convergence        {Rollout.ConvergenceSeconds:0.00} s (apply -> every NodeENI Ready with all attachments)"));
        output.WriteLine(string.Create(invariant, $"  token-bucket bound {Rollout.BoundSeconds:0.00} s"));
        output.WriteLine($"  ratio              {Rollout.Ratio?.ToString("0.000", invariant) ?? "n/a (full buckets pay for the whole rollout)"}");
        output.WriteLine(string.Create(invariant, $"  throttles retried  {Rollout.ThrottlesRetried} ({Rollout.ThrottlesRetried / attachments:0.000} per attachment)"));
        output.WriteLine("  EC2 calls per attachment by action (all answers / throttled):");
        foreach (var tally in Rollout.Ec2Calls)
        {
            output.WriteLine(string.Create(invariant, $"    {tally.Action,-34} {tally.Calls / attachments:0.000} / {tally.Throttled / attachments:0.000}"));
        }

        output.WriteLine(string.Create(invariant, $"  largest NodeENI    {Rollout.LargestNodeEniBytes / 1024.0:0.0} KiB as the API serves it (etcd refuses objects over 1,536 KiB)"));
        output.WriteLine(string.Create(invariant, $"  largest grain state {Rollout.LargestGrainStateBytes / 1024.0:0.0} KiB serialized, {Rollout.LargestGrainState} (a DynamoDB item holds at most 400 KB)"));
        output.WriteLine(string.Create(invariant, $"  grain state writes per attachment: {Rollout.GrainStateWrites / attachments:0.00} (every grain type, as Orleans' storage instrument counts them)"));

        if (Rollout.DynamoDBRequests is { } requests)
        {
            output.WriteLine(string.Create(invariant, $"  DynamoDB write requests per attachment: {requests.Where(r => DynamoDBRequestCounter.IsWrite(r.Key)).Sum(r => r.Value) / attachments:0.00} (all requests by operation, per attachment:)"));
            foreach (var (operation, count) in requests)
            {
                output.WriteLine(string.Create(invariant, $"    {operation,-34} {count / attachments:0.00}"));
            }
        }

        output.WriteLine(string.Create(invariant, $"  silo memory at convergence: managed heap after full GC {Memory.ManagedHeapBytes / 1048576.0:0.0} MiB, working set {Memory.WorkingSetBytes / 1048576.0:0.0} MiB"));
        output.WriteLine($"    ({Memory.Note})");
        output.WriteLine(string.Create(invariant, $"  silo memory after the steady state: managed heap after full GC {Steady.Memory.ManagedHeapBytes / 1048576.0:0.0} MiB, working set {Steady.Memory.WorkingSetBytes / 1048576.0:0.0} MiB"));
        output.WriteLine(string.Create(invariant, $"  steady state over {Steady.Intervals} drift intervals: mutating EC2 calls {Steady.MutatingCalls}, DescribeNetworkInterfaces per cluster per interval {Steady.DescribesPerClusterPerInterval:0.00}, grain state writes {Steady.GrainStateWrites}"));
        foreach (var tally in Steady.Ec2Calls)
        {
            output.WriteLine(string.Create(invariant, $"    {tally.Action,-34} {tally.Calls} calls"));
        }

        Dashboard?.Print(output);

        if (Pods is { } pods)
        {
            output.WriteLine(string.Create(invariant, $"  pods: {pods.Pods} over {pods.Nodes} nodes (warm target {pods.WarmIps}), prefixes {pods.BasePrefixes} -> {pods.PeakPrefixes} -> back"));
            output.WriteLine(string.Create(invariant, $"    AssignPrivateIpAddresses {pods.AssignCalls} for {pods.PrefixesGrown} prefixes grown; UnassignPrivateIpAddresses {pods.UnassignCalls}; throttled and retried {pods.Throttled}"));
            output.WriteLine(string.Create(invariant, $"    mutating EC2 calls per 1,000 pods {pods.MutatingCallsPer1000Pods:0.0} (none per pod: one per prefix grown or returned)"));
        }
    }
}

internal sealed record EngineBenchSetup(int Clusters, int NodesPerCluster, int Attachments, int Silos, string Storage, double TimeFactor, TimeSpan PollInterval, TimeSpan DriftInterval);

/// <summary>The rollout: apply to convergence, against the token-bucket bound, with what it cost in EC2 calls and writes.</summary>
internal sealed record EngineRollout(
    double ConvergenceSeconds,
    double BoundSeconds,
    int ThrottlesRetried,
    IReadOnlyList<Ec2CallTally> Ec2Calls,
    int GrainStateWrites,
    IReadOnlyDictionary<string, int>? DynamoDBRequests,
    int LargestNodeEniBytes,
    int LargestGrainStateBytes,
    string? LargestGrainState)
{
    /// <summary>Null when the buckets alone would pay for the whole rollout (a bound of zero).</summary>
    public double? Ratio => BoundSeconds > 0 ? ConvergenceSeconds / BoundSeconds : null;
}

internal sealed record SiloMemory(long ManagedHeapBytes, long WorkingSetBytes, long EmulatorWorkingSetBytes, string Note);

/// <summary>
/// After convergence, nothing changing: what the engine still asks of EC2 and storage, and the silo's memory at the
/// end, which holds the converged fleet without the rollout's buffers (the runtime's array pools give back what went
/// unused for a minute, so two drift intervals or more at the default time factor).
/// </summary>
internal sealed record SteadyState(int Intervals, int MutatingCalls, double DescribesPerClusterPerInterval, int GrainStateWrites, IReadOnlyList<Ec2CallTally> Ec2Calls, SiloMemory Memory);
