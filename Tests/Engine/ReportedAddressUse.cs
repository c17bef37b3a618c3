using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Stands in for a node's agent in engine tests: reads what the fleet wants the node's IPAM to serve, and reports the
/// pod addresses in use per range, as the agent does after reading its IPAM store.
/// </summary>
internal static class ReportedAddressUse
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static INodeGrain Node(EngineWorld world, SimulatedNode node) =>
        world.Grains.GetGrain<INodeGrain>(GrainKey.Join(world.ClusterName, node.Name));

    /// <summary>The node's one desired interface once its addressing satisfies <paramref name="until"/>.</summary>
    public static Task<DesiredInterface> DesiredAsync(EngineWorld world, SimulatedNode node, Func<InterfaceAddressing, bool> until, string what) =>
        Poll.ForValueAsync(
            async () => (await Node(world, node).GetDesiredInterfaces()).Interfaces is [{ Addressing: { } addressing } one] && until(addressing) ? one : null,
            Deadline,
            what);

    /// <summary>Reports <paramref name="inUse"/> addresses per range of the interface, as it was desired (draining flags included).</summary>
    public static Task ReportAsync(EngineWorld world, SimulatedNode node, DesiredInterface desired, params int[] inUse)
    {
        var ranges = desired.Addressing!.Ipv4Ranges.Select((r, i) => new RangeUsage(r.Cidr, i < inUse.Length ? inUse[i] : 0, r.Draining)).ToList();
        return Node(world, node).Report(new NodeInterfaceReport(
            [new ObservedInterface(desired.EniId, desired.MacAddress, "eth1", null, true, desired.Mtu, null, null, new AddressUsage(ranges))]));
    }
}
