using System.Net;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Sandbox.Ec2;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// <c>bench-engine --pods P</c>: after the rollout, P pods arrive evenly over every node in waves, each node's agent
/// reporting its IPAM use to its NodeGrain as the plugin would fill the ranges, until every node's warm target is met;
/// then they all leave and the fleet gives its grown prefixes back. What it costs in EC2 calls, against the prefixes
/// grown and returned: the goal is none per pod, one per prefix.
/// </summary>
internal static class PodAddressBench
{
    public const int WarmIps = 8;
    private const int Waves = 4;

    public static async Task<PodAddressPhase> RunAsync(IGrainFactory grains, BenchWorldProcess world, IReadOnlyList<string> nodeKeys, int pods, Func<Func<Task<bool>>, Task> until)
    {
        var before = (await world.CallLogAsync()).Count;
        var basePrefixes = await PrefixesAsync(grains, nodeKeys);
        for (var wave = 1; wave <= Waves; wave++)
        {
            var arrived = pods * wave / Waves;
            await until(async () => await AllWarmAsync(grains, nodeKeys, arrived));
        }

        var peakPrefixes = await PrefixesAsync(grains, nodeKeys);
        var arrivalCalls = Ec2CallTally.Of((await world.CallLogAsync()).Skip(before));
        var middle = (await world.CallLogAsync()).Count;

        // Reported again until the fleet gave every grown range back: each report writes the draining flags down, as the agent would.
        await until(async () =>
        {
            await Task.WhenAll(nodeKeys.Select(node => ReportAsync(grains, node, 0)));
            return await PrefixesAsync(grains, nodeKeys) == basePrefixes;
        });
        var departureCalls = Ec2CallTally.Of((await world.CallLogAsync()).Skip(middle));
        return new PodAddressPhase(pods, nodeKeys.Count, WarmIps, basePrefixes, peakPrefixes, arrivalCalls, departureCalls);
    }

    private static int PodsOn(int node, int nodes, int pods) => (pods / nodes) + (node < pods % nodes ? 1 : 0);

    /// <summary>Reports <paramref name="pods"/> addresses in use on the node's ENI, filling its ranges in order as the plugin does, and writing back what the fleet marked draining.</summary>
    private static async Task ReportAsync(IGrainFactory grains, string nodeKey, int pods)
    {
        var node = grains.GetGrain<INodeGrain>(nodeKey);
        var desired = (await node.GetDesiredInterfaces()).Interfaces.Single();
        var left = pods;
        var ranges = new List<RangeUsage>();
        foreach (var range in desired.Addressing!.Ipv4Ranges)
        {
            var used = range.Draining ? 0 : Math.Min(left, Size(range.Cidr));
            left -= used;
            ranges.Add(new RangeUsage(range.Cidr, used, range.Draining));
        }

        await node.Report(new NodeInterfaceReport([new ObservedInterface(desired.EniId, desired.MacAddress, "multus0", null, true, desired.Mtu, null, null, new AddressUsage(ranges))]));
    }

    /// <summary>
    /// Every node holds its pods plus the warm target in ranges it may allocate from. Each node reports again first:
    /// pods that found no free address before (the plugin answers "try again later") take one from a range grown since.
    /// </summary>
    private static async Task<bool> AllWarmAsync(IGrainFactory grains, IReadOnlyList<string> nodeKeys, int pods)
    {
        var warm = true;
        for (var i = 0; i < nodeKeys.Count; i++)
        {
            await ReportAsync(grains, nodeKeys[i], PodsOn(i, nodeKeys.Count, pods));
            var desired = (await grains.GetGrain<INodeGrain>(nodeKeys[i]).GetDesiredInterfaces()).Interfaces.Single();
            warm &= desired.Addressing!.Ipv4Ranges.Where(r => !r.Draining).Sum(r => Size(r.Cidr)) - PodsOn(i, nodeKeys.Count, pods) >= WarmIps;
        }

        return warm;
    }

    private static async Task<int> PrefixesAsync(IGrainFactory grains, IReadOnlyList<string> nodeKeys)
    {
        var counts = await Task.WhenAll(nodeKeys.Select(async node =>
            (await grains.GetGrain<INodeGrain>(node).GetDesiredInterfaces()).Interfaces.Sum(i => i.Addressing?.Ipv4Ranges.Count ?? 0)));
        return counts.Sum();
    }

    private static int Size(string cidr) => 1 << (32 - IPNetwork.Parse(cidr).PrefixLength);
}

/// <summary>What <see cref="PodAddressBench"/> measured: prefixes before, at the peak and EC2 calls on the way up and down.</summary>
internal sealed record PodAddressPhase(
    int Pods,
    int Nodes,
    int WarmIps,
    int BasePrefixes,
    int PeakPrefixes,
    IReadOnlyList<Ec2CallTally> ArrivalCalls,
    IReadOnlyList<Ec2CallTally> DepartureCalls)
{
    public int PrefixesGrown => PeakPrefixes - BasePrefixes;

    /// <summary>Answered AssignPrivateIpAddresses calls, throttled ones left out (they were retried).</summary>
    public int AssignCalls => Answered(ArrivalCalls, "AssignPrivateIpAddresses");

    public int UnassignCalls => Answered(DepartureCalls, "UnassignPrivateIpAddresses");

    public int Throttled => ArrivalCalls.Concat(DepartureCalls).Sum(c => c.Throttled);

    /// <summary>Mutating calls EC2 answered without throttling.</summary>
    public int MutatingCalls => ArrivalCalls.Concat(DepartureCalls).Where(c => c.IsMutating).Sum(c => c.Calls - c.Throttled);

    public double MutatingCallsPer1000Pods => MutatingCalls * 1000.0 / Pods;

    private static int Answered(IEnumerable<Ec2CallTally> calls, string action) => calls.Where(c => c.Action == action).Sum(c => c.Calls - c.Throttled);
}
