using Amazon.EC2.Model;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// The engine end to end as a cluster owner drives it: the real kubectl against the emulated API, the EC2
/// emulator's inventory (described through the EC2 API) as the judge of what exists.
/// </summary>
public sealed class KubectlEndToEndTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private static readonly string[] MutatingActions = ["CreateNetworkInterface", "AttachNetworkInterface", "ModifyNetworkInterfaceAttribute", "DetachNetworkInterface", "DeleteNetworkInterface"];

    [Fact]
    public async Task Every_example_converges_to_attached_enis_on_the_nodes_it_selects()
    {
        await using var world = await KubectlWorld.StartAsync(nodesPerCluster: 7);
        var kubectl = world.Kubectl();

        // Zones a, b, c, a, b, c, a: the multi-eni and dpdk examples name zone a's subnet alone, jumbo zone b's.
        (await kubectl.RunAsync("label", "node", "node-0", "node-3", "ng=multi-eni")).Succeeded();
        (await kubectl.RunAsync("label", "node", "node-6", "ng=dpdk")).Succeeded();
        (await kubectl.RunAsync("label", "node", "node-4", "ng=jumbo")).Succeeded();
        (await kubectl.RunAsync("apply", "-f", Path.GetDirectoryName(world.Examples[0])!)).Succeeded();

        string[] names = ["dpdk-eni", "jumbo-eni", "multus-eni", "multus-eni-by-name", "multus-eni-multi-az"];
        await Poll.UntilAsync(async () => (await Task.WhenAll(names.Select(n => world.IsReadyAsync(n)))).All(ready => ready), Deadline, "every example to be Ready", Poll.ProcessInterval);

        var a = world.SubnetId(SandboxNetwork.MultusSubnet(0).Name);
        var b = world.SubnetId(SandboxNetwork.MultusSubnet(1).Name);
        var expected = new[]
        {
            ("dpdk-eni", "node-6", a, 1), ("jumbo-eni", "node-4", b, 1), ("multus-eni", "node-0", a, 1), ("multus-eni", "node-3", a, 1),
            ("multus-eni-by-name", "node-0", a, 3), ("multus-eni-by-name", "node-3", a, 3),
            ("multus-eni-multi-az", "node-0", a, 2), ("multus-eni-multi-az", "node-3", a, 2),
        };
        // Ready follows the last modify (DeleteOnTermination); describes show it once they have caught up.
        var enis = await Poll.ForValueAsync(
            async () => await world.EnisAsync() is { Count: 8 } all && all.All(e => e.DeleteOnTermination == true) ? all : null,
            Deadline,
            "describes to show every ENI with DeleteOnTermination",
            Poll.ProcessInterval);
        Assert.Equal(expected.Order(), enis.Select(e => (e.NodeEni!, e.Node!, e.SubnetId, e.DeviceIndex ?? -1)).Order());
        Assert.Equal(enis.Select(e => e.EniId).Order(StringComparer.Ordinal), world.EnisCreatedByTheFleet().Order(StringComparer.Ordinal));
        Assert.All(enis, e => Assert.Equal((world.Instance(0, int.Parse(e.Node![5..], System.Globalization.CultureInfo.InvariantCulture)).InstanceId, "attached", true), (e.InstanceId!, e.AttachmentStatus!, e.DeleteOnTermination == true)));
        var multusSg = world.GroupId(SandboxNetwork.MultusSecurityGroup);
        Assert.Equal([multusSg, world.GroupId(SandboxNetwork.JumboSecurityGroup)], enis.Single(e => e.NodeEni == "jumbo-eni").GroupIds.Order(StringComparer.Ordinal));
        Assert.All(enis.Where(e => e.NodeEni != "jumbo-eni"), e => Assert.Equal([multusSg], e.GroupIds));

        var listed = await world.ListNodeEnisAsync();
        Assert.Equal(expected.Length, listed.Sum(n => n.Status!.Attachments!.Count));
        Assert.All(listed, n => Assert.Contains(NodeEni.Finalizer, n.Metadata.Finalizers ?? []));

        var dpdk = Assert.Single((await Node(world, 0, "node-6").GetDesiredInterfaces()).Interfaces);
        Assert.Equal(new DpdkBinding("vfio-pci", "intel.com/sriov_ena", "0000:00:06.0"), dpdk.Dpdk);
        var jumbo = Assert.Single((await Node(world, 0, "node-4").GetDesiredInterfaces()).Interfaces);
        Assert.Equal((9001, "multus0"), (jumbo.Mtu, jumbo.InterfaceName));
        Assert.Equal([1, 2, 3], (await Node(world, 0, "node-0").GetDesiredInterfaces()).Interfaces.Select(i => i.DeviceIndex));
    }

    [Fact]
    public async Task Kubectl_label_adds_and_removes_a_nodes_enis()
    {
        await using var world = await KubectlWorld.StartAsync();
        var kubectl = world.Kubectl();
        (await kubectl.RunAsync("apply", "-f", world.Example("nodeeni-multi-az.yaml"))).Succeeded();

        (await kubectl.RunAsync("label", "node", "node-1", "ng=multi-eni")).Succeeded();
        var eni = await Poll.ForValueAsync(async () => await world.EnisAsync("multus-eni-multi-az") is [{ AttachmentStatus: "attached" } one] ? one : null, Deadline, "node-1's ENI to be attached", Poll.ProcessInterval);
        Assert.Equal((world.Instance(0, 1).InstanceId, "node-1", 2), (eni.InstanceId, eni.Node, eni.DeviceIndex));
        await Poll.UntilAsync(() => world.IsReadyAsync("multus-eni-multi-az"), Deadline, "the NodeENI to be Ready", Poll.ProcessInterval);

        (await kubectl.RunAsync("label", "node", "node-1", "ng-")).Succeeded();

        await Poll.UntilAsync(async () => (await world.EnisAsync()).Count == 0, Deadline, "the ENI to be deleted", Poll.ProcessInterval);
        await Poll.UntilAsync(async () => await world.GetNodeEniAsync("multus-eni-multi-az") is { Status.Attachments: [] }, Deadline, "status without attachments", Poll.ProcessInterval);
        Assert.Empty((await Node(world, 0, "node-1").GetDesiredInterfaces()).Interfaces);
        Assert.Equal([eni.EniId], world.EnisCreatedByTheFleet());
    }

    [Fact]
    public async Task Kubectl_delete_node_deletes_its_enis()
    {
        await using var world = await StartWithAsync("nodeeni-multi-az.yaml", "node-0", "node-1");
        var kubectl = world.Kubectl();
        await Poll.UntilAsync(async () => (await world.EnisAsync("multus-eni-multi-az")).Count(e => e.AttachmentStatus == "attached") == 2, Deadline, "an ENI on each node", Poll.ProcessInterval);

        (await kubectl.RunAsync("delete", "node", "node-0")).Succeeded();

        var left = await Poll.ForValueAsync(async () => await world.EnisAsync() is [{ } one] ? one : null, Deadline, "node-0's ENI to be deleted", Poll.ProcessInterval);
        Assert.Equal(("node-1", "attached"), (left.Node, left.AttachmentStatus));
        await Poll.UntilAsync(async () => await world.GetNodeEniAsync("multus-eni-multi-az") is { Status.Attachments: [{ NodeId: "node-1" }] }, Deadline, "status listing node-1 only", Poll.ProcessInterval);
        Assert.Equal(2, world.EnisCreatedByTheFleet().Count);
    }

    [Fact]
    public async Task A_terminated_instance_has_its_enis_released_whatever_DeleteOnTermination_says()
    {
        await using var world = await StartWithAsync("nodeeni-subnet-id.yaml", "node-0");
        var kubectl = world.Kubectl();
        (await kubectl.RunAsync("apply", "-f", await world.WriteManifestAsync("kept", world.SubnetId(SandboxNetwork.MultusSubnet(0).Name), [world.GroupId(SandboxNetwork.MultusSecurityGroup)], "deviceIndex: 2", "deleteOnTermination: false"))).Succeeded();
        await Poll.UntilAsync(async () => (await world.EnisAsync()).Count(e => e.AttachmentStatus == "attached") == 2, Deadline, "both ENIs attached to node-0", Poll.ProcessInterval);

        await world.Ec2Client.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [world.Instance(0, 0).InstanceId] }, TestContext.Current.CancellationToken);

        await Poll.UntilAsync(async () => (await world.EnisAsync()).Count == 0, Deadline, "the detached DeleteOnTermination=false ENI to be deleted too", Poll.ProcessInterval);
        foreach (var name in new[] { "multus-eni", "kept" })
        {
            await Poll.UntilAsync(async () => await world.ReadyReasonAsync(name) == "NodeHasNoInstance", Deadline, $"{name} to report NodeHasNoInstance", Poll.ProcessInterval);
            Assert.Empty((await world.GetNodeEniAsync(name))!.Status!.Attachments!);
            await Poll.UntilAsync(async () => (await world.EventsAsync(name)).Any(e => e.Type == "Warning" && e.Reason == "NodeHasNoInstance"), Deadline, $"a NodeHasNoInstance event for {name}", Poll.ProcessInterval);
        }

        Assert.Empty((await Node(world, 0, "node-0").GetDesiredInterfaces()).Interfaces);
        Assert.Equal(2, world.EnisCreatedByTheFleet().Count);
    }

    [Fact]
    public async Task A_spec_change_through_kubectl_apply_modifies_the_enis_in_place()
    {
        await using var world = await KubectlWorld.StartAsync();
        var kubectl = world.Kubectl();
        var subnet = world.SubnetId(SandboxNetwork.MultusSubnet(0).Name);
        var multusSg = world.GroupId(SandboxNetwork.MultusSecurityGroup);
        var jumboSg = world.GroupId(SandboxNetwork.JumboSecurityGroup);
        (await kubectl.RunAsync("label", "node", "node-0", "ng=multi-eni")).Succeeded();
        (await kubectl.RunAsync("apply", "-f", await world.WriteManifestAsync("changing", subnet, [multusSg], "mtu: 1500", "description: before"))).Succeeded();
        await Poll.UntilAsync(() => world.IsReadyAsync("changing"), Deadline, "the first spec to be Ready", Poll.ProcessInterval);
        var before = Assert.Single(await world.EnisAsync());
        var calls = world.Emulator!.Calls;

        (await kubectl.RunAsync("apply", "-f", await world.WriteManifestAsync("changing", subnet, [multusSg, jumboSg], "mtu: 1500", "description: after", "deleteOnTermination: false"))).Succeeded();

        var after = await Poll.ForValueAsync(async () => await world.EnisAsync() is [{ Description: "after", DeleteOnTermination: false } one] && one.GroupIds.Count == 2 ? one : null, Deadline, "security groups, description and DeleteOnTermination changed", Poll.ProcessInterval);
        Assert.Equal((before.EniId, before.AttachmentStatus, before.DeviceIndex), (after.EniId, after.AttachmentStatus, after.DeviceIndex));
        Assert.Equal([multusSg, jumboSg], after.GroupIds.Order(StringComparer.Ordinal));
        Assert.Equal([before.EniId], world.EnisCreatedByTheFleet());
        await Poll.UntilAsync(() => world.IsReadyAsync("changing"), Deadline, "the changed spec to be Ready", Poll.ProcessInterval);

        var mutations = MutatingActions.Sum(a => calls.Count(a));
        (await kubectl.RunAsync("apply", "-f", await world.WriteManifestAsync("changing", subnet, [multusSg, jumboSg], "mtu: 9000", "description: after", "deleteOnTermination: false", "interfaceName: multus1"))).Succeeded();

        var republished = await Poll.ForValueAsync(async () => (await Node(world, 0, "node-0").GetDesiredInterfaces()).Interfaces is [{ Mtu: 9000 } one] ? one : null, Deadline, "the new MTU published to the node", Poll.ProcessInterval);
        Assert.Equal((before.EniId, "multus1"), (republished.EniId, republished.InterfaceName));
        await Poll.UntilAsync(async () => await world.GetNodeEniAsync("changing") is { Status.Attachments: [{ Mtu: 9000 }] }, Deadline, "status to show the new MTU", Poll.ProcessInterval);
        Assert.Equal(mutations, MutatingActions.Sum(a => calls.Count(a)));
    }

    [Fact]
    public async Task Kubectl_delete_nodeeni_keeps_the_finalizer_until_its_enis_are_gone()
    {
        await using var world = await StartWithAsync("nodeeni-subnet-id.yaml", "node-0");
        var kubectl = world.Kubectl();
        await Poll.UntilAsync(async () => await world.EnisAsync() is [{ AttachmentStatus: "attached" }], Deadline, "the ENI to be attached", Poll.ProcessInterval);
        var emulator = world.Emulator!;
        emulator.Faults.Rules = [new Ec2FaultRule("DeleteNetworkInterface", "InternalError", 1)];

        (await kubectl.RunAsync("delete", "nodeeni", "multus-eni", "--wait=false")).Succeeded();

        await Poll.UntilAsync(() => emulator.Calls.Count("DeleteNetworkInterface", "InternalError") >= 3, Deadline, "EC2 to refuse the delete a few times", Poll.ProcessInterval);
        var held = await world.GetNodeEniAsync("multus-eni");
        Assert.NotNull(held?.Metadata.DeletionTimestamp);
        Assert.Contains(NodeEni.Finalizer, held.Metadata.Finalizers ?? []);
        Assert.Single(await world.EnisAsync());

        emulator.Faults.Rules = [];
        (await kubectl.RunAsync("wait", "--for=delete", "nodeeni/multus-eni", "--timeout=45s")).Succeeded();
        await Poll.UntilAsync(async () => (await world.EnisAsync()).Count == 0, Deadline, "describes to show the ENI deleted", Poll.ProcessInterval);
        Assert.DoesNotContain(world.Emulator!.Inventory().NetworkInterfaces, e => e.Tags.ContainsKey("NodeENI"));
    }

    /// <summary>A one-cluster world with <paramref name="nodes"/> labelled <c>ng=multi-eni</c> and the example applied, all with kubectl.</summary>
    private static async Task<KubectlWorld> StartWithAsync(string example, params string[] nodes)
    {
        var world = await KubectlWorld.StartAsync();
        try
        {
            (await world.Kubectl().RunAsync(["label", "node", .. nodes, "ng=multi-eni"])).Succeeded();
            (await world.Kubectl().RunAsync("apply", "-f", world.Example(example))).Succeeded();
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    private static INodeGrain Node(KubectlWorld world, int cluster, string node) =>
        world.Grains.GetGrain<INodeGrain>(GrainKey.Join(world.ClusterName(cluster), node));
}
