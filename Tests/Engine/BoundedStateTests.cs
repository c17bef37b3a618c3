using System.Globalization;
using System.Text.Json.Nodes;
using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Grains.NodeEnis;
using AwsMultiEni.Silo.Grains.Nodes;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Kubernetes;
using k8s.Models;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Stored state does not grow without bound: an attachment's history is capped in bytes as well as in entries, the
/// rows of attachments and nodes that no longer hold anything are removed, not kept forever, and a NodeENI selecting
/// thousands of nodes stores neither its status nor one list of every node in any one record.
/// </summary>
public sealed class BoundedStateTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void History_keeps_the_newest_entries_within_its_byte_and_entry_bounds_and_cuts_long_details()
    {
        var history = new List<AttachmentTransition>();
        for (var i = 0; i < 1000; i++)
        {
            BoundedHistory.Append(history, new AttachmentTransition(DateTimeOffset.UnixEpoch, "subnet-1", "Attaching", "Attaching", "eni-1", $"{i:D4} {new string('x', 2000)}"));
        }

        Assert.InRange(history.Sum(BoundedHistory.SizeOf), 1, BoundedHistory.MaxBytes);
        Assert.InRange(history.Count, 1, BoundedHistory.MaxEntries);
        Assert.StartsWith("0999 ", history[^1].Detail, StringComparison.Ordinal);
        Assert.All(history, t => Assert.Equal(BoundedHistory.MaxDetailLength, t.Detail!.Length));
        Assert.EndsWith("…", history[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_nodeenis_attachment_and_node_rows_are_removed_from_storage()
    {
        await using var world = await EngineWorld.StartAsync();
        var node = world.Nodes[0];
        await world.LabelAsync(node, EngineWorld.Selector);
        await world.CreateNodeEniAsync("multus", world.Spec());
        await Poll.UntilAsync(() => world.EnisOf("multus") is [{ AttachmentStatus: "attached" }], Deadline, "the ENI to be attached");
        var attachment = world.Grains.GetGrain<IAttachmentGrain>(GrainKey.Join(world.ClusterName, "multus", node.Name)).GetGrainId();
        var nodeGrain = world.Grains.GetGrain<INodeDevices>(GrainKey.Join(world.ClusterName, node.Name)).GetGrainId();
        Assert.True(await StoredAsync<AttachmentState>(world, "attachment", attachment));
        Assert.True(await StoredAsync<NodeState>(world, "node", nodeGrain));

        await world.Admin.CustomObjects.DeleteClusterCustomObjectAsync(NodeEni.Group, NodeEni.Version, NodeEni.Plural, "multus", cancellationToken: TestContext.Current.CancellationToken);
        await Poll.UntilAsync(async () => await world.GetNodeEniAsync("multus") is null, Deadline, "the NodeENI to be gone");

        await Poll.UntilAsync(
            async () => !await StoredAsync<AttachmentState>(world, "attachment", attachment) && !await StoredAsync<NodeState>(world, "node", nodeGrain),
            Deadline,
            "the attachment's and the node's rows to be removed");
    }

    /// <summary>
    /// A NodeENI of 10,000 nodes: its planned nodes spread over pages of a few hundred names, each record far below
    /// DynamoDB's 400 KB item limit, and its own record keeps the object without the 1,000-entry status it carries.
    /// </summary>
    [Fact]
    public async Task A_nodeeni_of_10000_nodes_keeps_every_record_small()
    {
        await using var world = await EngineWorld.StartAsync();
        var names = Enumerable.Range(0, 10_000).Select(i => NodeEniStatusBoundsTests.Attachment(i).NodeId!).ToList();
        var planned = new PlannedNodes(world.Grains, world.ClusterName, "fleet-wide");
        Assert.True(await planned.AddAsync(names));

        var pages = new List<(int Bytes, IReadOnlyCollection<string> Nodes)>();
        foreach (var page in planned.Pages)
        {
            var key = GrainKey.Join(world.ClusterName, "fleet-wide", page.ToString(CultureInfo.InvariantCulture));
            pages.Add(await StoredSizeAsync<PlannedNodePageState, IReadOnlyCollection<string>>(world, "nodes", world.Grains.GetGrain<IPlannedNodePage>(key).GetGrainId(), s => s.Nodes));
        }

        Assert.Equal(PlannedNodes.PageCount, pages.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), pages.SelectMany(p => p.Nodes).Order(StringComparer.Ordinal));
        Assert.All(pages, p => Assert.InRange(p.Bytes, 1, 32 * 1024));

        // The object arrives with a status of 1,000 entries (as another writer may leave it) and a new spec.
        await world.CreateNodeEniAsync("fleet-wide", world.Spec());
        await Poll.UntilAsync(async () => await world.ReadyGenerationAsync("fleet-wide") == 1, Deadline, "the NodeENI to be reconciled");
        var wide = new NodeEniStatus { Attachments = [.. Enumerable.Range(0, NodeEniStatus.AttachmentLimit).Select(NodeEniStatusBoundsTests.Attachment)] };
        await world.Admin.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch(NodeEniJson.Serialize(new { status = wide }), V1Patch.PatchType.MergePatch), NodeEni.Group, NodeEni.Version, NodeEni.Plural, "fleet-wide", cancellationToken: TestContext.Current.CancellationToken);
        await world.PatchSpecAsync("fleet-wide", new JsonObject { ["description"] = "wide" });

        var grain = world.Grains.GetGrain<INodeEniGrain>(GrainKey.Join(world.ClusterName, "fleet-wide")).GetGrainId();
        var (bytes, json) = (0, (string?)null);
        await Poll.UntilAsync(
            async () =>
            {
                (bytes, json) = await StoredSizeAsync<NodeEniState, string?>(world, "nodeeni", grain, s => s.ObservedJson);
                return json?.Contains("\"generation\":2", StringComparison.Ordinal) == true;
            },
            Deadline,
            "the NodeENI to store the object of the new spec");
        Assert.DoesNotContain("\"status\"", json, StringComparison.Ordinal);
        Assert.InRange(bytes, 1, 8 * 1024);
    }

    /// <summary>A stored record's size as the silo's grain storage serializer writes it (what a DynamoDB item holds), and a part of it.</summary>
    private static async Task<(int Bytes, TValue Value)> StoredSizeAsync<T, TValue>(EngineWorld world, string stateName, GrainId grain, Func<T, TValue> part)
        where T : new()
    {
        var services = world.Silos.Silos[0].ServiceProvider;
        var stored = new GrainState<T>();
        await services.GetRequiredKeyedService<IGrainStorage>("Default").ReadStateAsync(stateName, grain, stored);
        return (services.GetRequiredService<IGrainStorageSerializer>().Serialize(stored.State).ToMemory().Length, part(stored.State ?? new T()));
    }

    private static async Task<bool> StoredAsync<T>(EngineWorld world, string stateName, GrainId grain)
        where T : new()
    {
        var stored = new GrainState<T>();
        await world.Silos.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("Default").ReadStateAsync(stateName, grain, stored);
        return stored.RecordExists;
    }
}
