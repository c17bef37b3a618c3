using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Kubernetes;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>
/// Taking over from the single-cluster controller: the ENIs it listed in status are checked against EC2
/// and given the fleet's tags, so the node's AttachmentGrain finds them by tag instead of creating new ones.
/// </summary>
public sealed partial class NodeEniGrain
{
    /// <summary>The status entries of nodes the fleet never planned: on a NodeENI the fleet created there are none.</summary>
    private List<ListedEni> Inherit(NodeEni observed) =>
    [
        .. (observed.Status?.Attachments ?? [])
            .Where(a => a is { EniId: not null, NodeId: not null, SubnetId: not null, DeviceIndex: not null } && !_planned.Contains(a.NodeId))
            .Select(a => new ListedEni(a.EniId!, a.NodeId!, a.SubnetId!, a.DeviceIndex!.Value)),
    ];

    /// <summary>
    /// Tags every inherited ENI of <paramref name="node"/> that checks out for the fleet, and reports the others,
    /// which the attachment then replaces with new ENIs. Returns a problem, with nothing planned, when EC2 failed:
    /// planning on would create a second ENI next to one that may be adoptable.
    /// </summary>
    private async Task<NodeProblem?> AdoptListedAsync(NodeEni observed, string node, AttachmentPlan plan)
    {
        var listed = state.State.Inherited?.Where(l => l.NodeId == node).ToList() ?? [];
        if (listed.Count == 0)
        {
            return null;
        }

        var ec2 = ec2Gateways.ForRegion(plan.Region, plan.Role);
        var key = GrainKey.Join(Cluster, Name, node);
        var events = (await ConnectAsync()).Events;
        foreach (var entry in listed)
        {
            try
            {
                var eni = await ec2.DescribeNetworkInterfaceAsync(entry.EniId, lifetime.Stopping);
                if (EniAdoption.WhyNot(entry, eni, plan, key) is { } why)
                {
                    NodeEniLog.NotAdopted(logger, Key, entry.EniId, why);
                    await events.RecordAsync(Subject(observed), EventSeverity.Warning, "EniNotAdopted", $"ENI {entry.EniId} listed for node {node} is not adopted: {why}.", lifetime.Stopping);
                    continue;
                }

                await ec2.TagNetworkInterfaceAsync(entry.EniId, EniTags.For(key, entry.SubnetId, entry.DeviceIndex), lifetime.Stopping);
                await events.RecordAsync(Subject(observed), EventSeverity.Normal, "EniAdopted", $"ENI {entry.EniId} on node {node} at device index {entry.DeviceIndex} is adopted from the NodeENI's status.", lifetime.Stopping);
            }
            catch (Ec2RequestException ex)
            {
                NodeEniLog.AdoptionFailed(logger, ex, Key, entry.EniId);
                return new NodeProblem(node, ReasonFor(ex), $"Node {node}: adopting ENI {entry.EniId}: {ex.Action}: {ex.ErrorCode}: {ex.AwsMessage}");
            }
        }

        state.State.Inherited!.RemoveAll(l => l.NodeId == node);
        return null;
    }
}
