using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Kubernetes;
using k8s;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>Finalizers and status writes: conditional on resourceVersion, retried on fresh state.</summary>
public sealed class NodeEniWriterTests
{
    [Fact]
    public async Task Finalizer_is_added_once_and_removing_it_lets_a_deleted_NodeEni_go()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var admin = env.AdminClient(env[0]);
        var writer = env.Connect(env[0]).NodeEniWriter;
        await KubeTestEnvironment.CreateNodeEniAsync(admin, "guarded");

        var added = await writer.AddFinalizerAsync("guarded", TestContext.Current.CancellationToken);
        var again = await writer.AddFinalizerAsync("guarded", TestContext.Current.CancellationToken);
        Assert.Equal([NodeEni.Finalizer], added!.Metadata.Finalizers);
        Assert.Equal(added.Metadata.ResourceVersion, again!.Metadata.ResourceVersion);

        await admin.CustomObjects.DeleteClusterCustomObjectAsync(NodeEni.Group, NodeEni.Version, NodeEni.Plural, "guarded", cancellationToken: TestContext.Current.CancellationToken);
        var deleting = await writer.GetAsync("guarded", TestContext.Current.CancellationToken);
        Assert.True(deleting!.IsBeingDeleted);

        await writer.RemoveFinalizerAsync("guarded", TestContext.Current.CancellationToken);
        Assert.Null(await writer.GetAsync("guarded", TestContext.Current.CancellationToken));
        Assert.Null(await writer.AddFinalizerAsync("guarded", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Status_write_that_conflicts_is_recomputed_on_fresh_state_and_keeps_the_other_writers_change()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var admin = env.AdminClient(env[0]);
        var writer = env.Connect(env[0]).NodeEniWriter;
        var created = await KubeTestEnvironment.CreateNodeEniAsync(admin, "contended");
        var computations = 0;

        var written = await writer.UpdateStatusAsync(
            "contended",
            current =>
            {
                if (++computations == 1)
                {
                    // Someone else writes between our read and our write (straight into the emulator, synchronously).
                    var nodeEnis = env[0].Api.Catalog.Find(NodeEni.Group, NodeEni.Version, NodeEni.Plural)!;
                    env[0].Api.Patch(nodeEnis, null, "contended", "application/merge-patch+json", """{"status":{"conditions":[{"type":"Other","status":"True","reason":"SetElsewhere"}]}}""", statusOnly: true, WriteOptions.Emulator);
                }

                return (current.Status ?? new NodeEniStatus()) with
                {
                    ObservedGeneration = current.Metadata.Generation,
                    Attachments = [new EniAttachmentStatus { NodeId = "node-1", EniId = "eni-0123456789abcdef0", Status = "attached", DeviceIndex = 1 }],
                };
            },
            TestContext.Current.CancellationToken);

        Assert.Equal(2, computations);
        Assert.Equal(1, env.Metrics.Total("kubernetes_write_conflicts_total"));
        Assert.Equal("Other", Assert.Single(written!.Status!.Conditions!).Type);
        Assert.Equal(1, written.Status.AttachmentCount);
        Assert.Equal(created.Metadata.Generation, written.Metadata.Generation);
        Assert.Equal(created.Metadata.Generation, written.Status.ObservedGeneration);
    }

    [Fact]
    public async Task Status_fields_dropped_by_the_new_status_are_removed_and_unchanged_status_is_not_written()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var admin = env.AdminClient(env[0]);
        var writer = env.Connect(env[0]).NodeEniWriter;
        await KubeTestEnvironment.CreateNodeEniAsync(admin, "shrinking");
        var ready = new NodeEniCondition { Type = NodeEniCondition.Ready, Status = "False", Reason = "SubnetNotFound", Message = "subnet-0a1b2c3d4e5f60001 not found" };
        var first = await writer.UpdateStatusAsync("shrinking", _ => new NodeEniStatus { Conditions = [ready], ObservedGeneration = 1 }, TestContext.Current.CancellationToken);

        var same = await writer.UpdateStatusAsync("shrinking", c => c.Status, TestContext.Current.CancellationToken);
        var shrunk = await writer.UpdateStatusAsync("shrinking", _ => new NodeEniStatus { ObservedGeneration = 1 }, TestContext.Current.CancellationToken);

        Assert.Equal(first!.Metadata.ResourceVersion, same!.Metadata.ResourceVersion);
        Assert.Null(shrunk!.Status!.Conditions);
        Assert.Equal(0, shrunk.Status.AttachmentCount);
    }
}
